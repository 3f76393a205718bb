import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A PDF read as a person's tools read it, with Debian's poppler-utils: `pdfinfo` (Tagged: yes, the
 * title, the language), `pdfinfo -struct` (the structure tree) and `pdftotext` (the text in reading
 * order). CI installs poppler-utils and sets REQUIRE_PDF_TOOLS=1, so these tests cannot be skipped
 * there; elsewhere they are skipped, saying why, when the tools are missing.
 */
export const pdfToolsAvailable = existsSync('/usr/bin/pdfinfo') && existsSync('/usr/bin/pdftotext');
export const pdfToolsSkipReason = 'poppler-utils is not installed (apt-get install poppler-utils); CI sets REQUIRE_PDF_TOOLS=1 so it cannot be skipped there';
if (process.env.REQUIRE_PDF_TOOLS === '1' && !pdfToolsAvailable) throw new Error(`REQUIRE_PDF_TOOLS=1 but ${pdfToolsSkipReason}`);

function withFile<T>(pdf: Buffer, read: (file: string) => T): T {
  const dir = mkdtempSync(path.join(tmpdir(), 'selfdirect-pdf-'));
  try {
    const file = path.join(dir, 'document.pdf');
    writeFileSync(file, pdf);
    return read(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const run = (command: string, args: string[]) => execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });

/** pdfinfo's fields: Title, Tagged, Pages… */
export function pdfInfo(pdf: Buffer): Record<string, string> {
  return withFile(pdf, (file) => Object.fromEntries(run('pdfinfo', [file]).split('\n').filter((l) => l.includes(':')).map((l) => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()])));
}

/** The structure tree's element types, in order, one per line with their depth ('  H1'). */
export function pdfStructure(pdf: Buffer): string[] {
  return withFile(pdf, (file) => run('pdfinfo', ['-struct', file]).split('\n').filter((l) => /^\s*[A-Za-z]+\d?\b/.test(l) && !l.trim().startsWith('/')).map((l) => l.replace(/\s*(<[^>]*>)?\s*(\(block\)|\(inline\))?:?\s*$/, '')));
}

/** The text the structure tree holds (`pdfinfo -struct-text`): what a screen reader reads, without artifacts. */
export function pdfStructureText(pdf: Buffer): string {
  return withFile(pdf, (file) => run('pdfinfo', ['-struct-text', file]).replace(/\s+/g, ' '));
}

/** The text as pdftotext reads it, whitespace squeezed: the reading order a screen reader follows. */
export function pdfText(pdf: Buffer): string {
  return withFile(pdf, (file) => run('pdftotext', ['-enc', 'UTF-8', file, '-']).replace(/\s+/g, ' ').trim());
}

/** The fonts, each with whether it is embedded. */
export function pdfFonts(pdf: Buffer): { name: string; embedded: boolean }[] {
  return withFile(pdf, (file) =>
    run('pdffonts', [file])
      .split('\n')
      .slice(2)
      .filter(Boolean)
      .map((l) => {
        const cells = l.trim().split(/\s+/);
        return { name: cells[0]!, embedded: cells[cells.length - 5] === 'yes' };
      }),
  );
}
