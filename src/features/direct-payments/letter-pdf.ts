import { type PdfBlock, taggedPdf } from '../../web/tagged-pdf.js';

/** A letter about a direct payment as a tagged PDF: the address, the date, a heading and its paragraphs, as sent. */
export function letterBlocks(letter: { title: string; address: string[]; date: string; paragraphs: string[] }, councilName: string): PdfBlock[] {
  return [
    { kind: 'paragraph', text: councilName, small: true },
    ...letter.address.map((line): PdfBlock => ({ kind: 'paragraph', text: line })),
    { kind: 'paragraph', text: letter.date },
    { kind: 'heading', level: 1, text: letter.title },
    ...letter.paragraphs.map((text): PdfBlock => ({ kind: 'paragraph', text })),
    { kind: 'paragraph', text: `Yours sincerely, Direct Payments Team, ${councilName}` },
  ];
}

export function letterPdf(letter: { title: string; address: string[]; date: string; paragraphs: string[] }, councilName: string): Promise<Buffer> {
  return taggedPdf({ title: letter.title, subject: 'A letter from the council about a direct payment', author: councilName, blocks: letterBlocks(letter, councilName) });
}
