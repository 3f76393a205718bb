import { type PdfBlock, taggedPdf } from '../../web/tagged-pdf.js';
import type { PersonCopy } from './presenters.js';

/**
 * The person's copy of their plan as a tagged PDF (src/web/tagged-pdf.ts): the same words as the
 * printable page, headings in reading order, lists and tables tagged, fonts embedded.
 */
export function planBlocks(copy: PersonCopy, councilName: string): PdfBlock[] {
  const blocks: PdfBlock[] = [
    { kind: 'paragraph', text: councilName, small: true },
    { kind: 'heading', level: 1, text: copy.title },
    { kind: 'paragraph', text: `${copy.personName} (${copy.reference}). ${copy.agreedOn ? `Version ${copy.version}, agreed on ${copy.agreedOn}` : `Version ${copy.version}: ${copy.status}`}.` },
  ];
  for (const section of copy.sections) {
    blocks.push({ kind: 'heading', level: 2, text: section.heading });
    for (const paragraph of section.paragraphs ?? []) blocks.push({ kind: 'paragraph', text: paragraph });
    if (section.list) blocks.push({ kind: 'list', items: section.list });
    if (section.rows) blocks.push({ kind: 'table', rows: section.rows.map(([key, value]) => [key, value]), rowHeadings: true });
    if (section.table) blocks.push(section.table.rows.length ? { kind: 'table', head: section.table.head, rows: section.table.rows } : { kind: 'paragraph', text: 'No paid support' });
  }
  return blocks;
}

export async function planPdf(copy: PersonCopy, councilName: string): Promise<Buffer> {
  return taggedPdf({ title: `${copy.title}: ${copy.personName}`, subject: 'Care and support plan and personal budget', author: councilName, blocks: planBlocks(copy, councilName) });
}
