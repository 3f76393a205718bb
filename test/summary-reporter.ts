import type { Reporter, TestModule } from 'vitest/node';

/**
 * Ends every run with one plain line, `N passed, N failed, N skipped`, which CI reads.
 * A test file that fails to load, and an unhandled error, each count as a failure.
 * Each failure is also named on a line of its own starting `FAILED:` (the file, the test and
 * the first line of its error), so CI can repeat them at the very end of a long log.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>) {
    let passed = 0;
    let failed = unhandledErrors.length;
    let skipped = 0;
    const named: string[] = [];
    for (const error of unhandledErrors) named.push(`FAILED: unhandled error: ${firstLine(error)}`);
    for (const module of testModules) {
      let tests = 0;
      for (const test of module.children.allTests()) {
        tests += 1;
        const result = test.result();
        if (result.state === 'passed') passed += 1;
        else if (result.state === 'failed') {
          failed += 1;
          named.push(`FAILED: ${module.moduleId} > ${test.fullName}: ${firstLine(result.errors?.[0])}`);
        } else skipped += 1;
      }
      if (tests === 0 && module.state() === 'failed') {
        failed += 1;
        named.push(`FAILED: ${module.moduleId} (did not load): ${firstLine(module.errors()[0])}`);
      }
    }
    const list = named.length > 0 ? `\n${named.join('\n')}` : '';
    process.stdout.write(`${list}\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}

function firstLine(error: unknown): string {
  const message = error && typeof error === 'object' && 'message' in error ? String(error.message) : String(error);
  return message.split('\n')[0]!.slice(0, 300);
}
