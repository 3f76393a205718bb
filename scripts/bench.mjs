// `npm run bench`: runs every benchmark in bench/ and writes docs/benchmarks.md with the machine
// and the date. Each benchmark measures its reference in the same run and reports a ratio.
import { cpus, totalmem } from 'node:os';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv[2];
const benches = ['ras-price-one', 'ras-allocate', 'charging-assess', 'ras-calibrate', 'ras-simulate-equity', 'web-calibrate-upload', 'web-upload-memory', 'dp-monitoring', 'cld-migration', 'web-pages'].filter((name) => !only || name === only);

const sections = [];
let failed = false;
for (const name of benches) {
  process.stderr.write(`Running bench/${name}.mjs…\n`);
  const bench = await import(path.join(root, 'bench', `${name}.mjs`));
  const result = await bench.run();
  failed ||= !result.passed;
  sections.push(`## ${result.title}\n\n${result.markdown}\n\nResult: ${result.passed ? 'meets' : '**does not meet**'} the target (${result.target}).`);
  process.stderr.write(`${result.title}: ${result.passed ? 'meets' : 'does not meet'} ${result.target}\n`);
}

const cpu = cpus();
const machine = `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB memory, Node ${process.version}, ${process.platform} ${process.arch}`;
const docFile = path.join(root, 'docs', 'benchmarks.md');
const today = new Date().toISOString().slice(0, 10);
let doc;
if (only && existsSync(docFile)) {
  // One benchmark re-run: replace its section (or add it), keep the others, and say when each ran.
  doc = readFileSync(docFile, 'utf8');
  for (const section of sections) {
    const title = section.slice(3, section.indexOf('\n'));
    const dated = `${section}\n\nThis section was run on ${today} on ${machine}.`;
    const start = doc.indexOf(`## ${title}\n`);
    if (start === -1) doc = `${doc.trimEnd()}\n\n${dated}\n`;
    else {
      const next = doc.indexOf('\n## ', start + 3);
      doc = `${doc.slice(0, start)}${dated}\n${next === -1 ? '' : doc.slice(next)}`;
    }
  }
} else {
  doc = `# Benchmarks

Run with \`npm run bench\` (after \`npm install\`, which builds the compiled JavaScript the
benchmarks run), or \`npm run bench -- NAME\` for one of them. Every figure is a ratio against a
reference measured in the same run on the same machine, so runs on different machines can be
compared by their ratios.

Last run: ${today} on ${machine}.

${sections.join('\n\n')}
`;
}
writeFileSync(docFile, doc);
process.stderr.write('Wrote docs/benchmarks.md\n');
process.exitCode = failed ? 1 : 0;
