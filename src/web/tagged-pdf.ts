import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';

/**
 * Accessible PDFs (issue 18, PDF/UA intent): a document's title, language and structure tree —
 * headings, paragraphs, lists and tables tagged as such, in reading order — with its fonts
 * embedded (DejaVu Sans, subset). Every PDF Selfdirect makes (the person's copy of their plan, the
 * budget explanation, letters) is written through this one renderer from a plain model, so none
 * can be untagged. `pdfinfo` reports them `Tagged: yes` (tests). pdfkit does the tagging; pdfmake,
 * which cannot, is no longer used.
 */
export type PdfBlock =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'paragraph'; text: string; small?: boolean }
  | { kind: 'list'; items: string[]; numbered?: boolean }
  /** A table: `head`, when given, heads its columns; `rowHeadings` makes each row's first cell a heading for that row. */
  | { kind: 'table'; head?: string[]; rows: string[][]; rowHeadings?: boolean; widths?: number[] };

export interface PdfModel {
  title: string;
  subject: string;
  author: string;
  blocks: PdfBlock[];
}

const require = createRequire(import.meta.url);
const fontDir = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const FONTS = { body: path.join(fontDir, 'DejaVuSans.ttf'), bold: path.join(fontDir, 'DejaVuSans-Bold.ttf') };
const SIZES = { 1: 22, 2: 16, 3: 13 } as const;
const TEXT = '#0b0c0c';
const MARGIN = 56;

export function taggedPdf(model: PdfModel): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    pdfVersion: '1.7',
    tagged: true,
    lang: 'en-GB',
    displayTitle: true,
    info: { Title: model.title, Author: model.author, Subject: model.subject, Creator: 'Selfdirect' },
    autoFirstPage: true,
    // Kept until the end, so that each page can say which of how many it is.
    bufferPages: true,
  });
  doc.registerFont('body', FONTS.body);
  doc.registerFont('bold', FONTS.bold);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const root = doc.struct('Document');
  doc.addStructure(root);
  const width = doc.page.width - MARGIN * 2;
  for (const block of model.blocks) {
    switch (block.kind) {
      case 'heading':
        doc.moveDown(block.level === 1 ? 0 : 0.6);
        doc.font('bold').fontSize(SIZES[block.level]).fillColor(TEXT).text(block.text, { width, structParent: root, structType: `H${block.level}` });
        doc.moveDown(0.3);
        break;
      case 'paragraph':
        doc.font('body').fontSize(block.small ? 10 : 12).fillColor(TEXT).text(block.text, { width, lineGap: 3, structParent: root, structType: 'P' });
        doc.moveDown(0.5);
        break;
      case 'list': {
        const list = doc.struct('L');
        root.add(list);
        doc.font('body').fontSize(12).fillColor(TEXT).list(block.items.length ? block.items : ['None'], { width, lineGap: 3, bulletRadius: 2.5, listType: block.numbered ? 'numbered' : 'bullet', structParent: list });
        list.end();
        doc.moveDown(0.5);
        break;
      }
      case 'table': {
        doc.font('body').fontSize(11).fillColor(TEXT);
        const head = block.head ? [block.head.map((text) => ({ text, type: 'TH', scope: 'column', font: { src: FONTS.bold } }))] : [];
        const rows = block.rows.map((row) => row.map((text, i) => (block.rowHeadings && i === 0 ? { text, type: 'TH', scope: 'row', font: { src: FONTS.bold } } : { text })));
        doc.table({ data: [...head, ...rows], structParent: root, ...(block.widths ? { columnStyles: block.widths } : {}), defaultStyle: { border: { top: 0, left: 0, right: 0, bottom: 0.5 }, padding: 4 } } as never);
        doc.moveDown(0.5);
        break;
      }
    }
  }
  root.end();
  numberPages(doc);
  doc.end();
  return done;
}

/**
 * "Page 1 of 3" at the foot of every page, marked as a pagination artifact: a screen reader and
 * the structure tree skip it, as PDF/UA asks of running page furniture.
 */
function numberPages(doc: PDFKit.PDFDocument) {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing below the bottom margin would otherwise start a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.markContent('Artifact', { type: 'Pagination' } as never);
    doc.font('body').fontSize(9).fillColor(TEXT).text(`Page ${i - range.start + 1} of ${range.count}`, MARGIN, doc.page.height - MARGIN / 2 - 9, { width: doc.page.width - MARGIN * 2, align: 'center', lineBreak: false });
    doc.endMarkedContent();
    doc.page.margins.bottom = bottom;
  }
}
