import { createRequire } from 'node:module';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import type { PersonCopy } from './presenters.js';

/**
 * The person's copy as a PDF, with pdfmake and the standard Helvetica font (nothing embedded,
 * nothing fetched: the access policies refuse every URL and every path but the built-in font names). Large type, plain English,
 * headings in reading order and the document's title and language set for assistive technology.
 */
const require = createRequire(import.meta.url);

interface PdfMake {
  setFonts(fonts: Record<string, Record<string, string>>): void;
  setUrlAccessPolicy(policy: (url: string) => boolean): void;
  setLocalAccessPolicy(policy: (path: string) => boolean): void;
  createPdf(doc: TDocumentDefinitions): { getBuffer(): Promise<Buffer> };
}

let pdfmake: PdfMake | undefined;

function printer(): PdfMake {
  if (!pdfmake) {
    pdfmake = require('pdfmake') as PdfMake;
    const helvetica = { normal: 'Helvetica', bold: 'Helvetica-Bold', italics: 'Helvetica-Oblique', bolditalics: 'Helvetica-BoldOblique' };
    const standardFonts = new Set(Object.values(helvetica));
    pdfmake.setFonts({ Helvetica: helvetica });
    pdfmake.setUrlAccessPolicy(() => false);
    // The standard fonts are built into pdfkit; no file on disk may be read.
    pdfmake.setLocalAccessPolicy((name) => standardFonts.has(name));
  }
  return pdfmake;
}

export function planDocument(copy: PersonCopy, councilName: string): TDocumentDefinitions {
  const content: Content[] = [
    { text: councilName, style: 'council' },
    { text: copy.title, style: 'title' },
    { text: `${copy.personName} (${copy.reference}). ${copy.agreedOn ? `Version ${copy.version}, agreed on ${copy.agreedOn}` : `Version ${copy.version}: ${copy.status}`}.`, margin: [0, 0, 0, 12] },
  ];
  for (const section of copy.sections) {
    content.push({ text: section.heading, style: 'heading' });
    for (const paragraph of section.paragraphs ?? []) content.push({ text: paragraph, margin: [0, 0, 0, 6] });
    if (section.list) content.push({ ul: section.list.length ? section.list : ['None'], margin: [0, 0, 0, 6] });
    if (section.rows) {
      content.push({
        table: { widths: ['35%', '65%'], body: section.rows.map(([key, value]) => [{ text: key, bold: true }, value]) },
        layout: 'lightHorizontalLines',
        margin: [0, 0, 0, 6],
      });
    }
    if (section.table) {
      content.push(
        section.table.rows.length
          ? { table: { headerRows: 1, widths: ['*', 'auto', 'auto', '*', 'auto'], body: [section.table.head.map((h) => ({ text: h, bold: true })), ...section.table.rows] }, layout: 'lightHorizontalLines', fontSize: 11, margin: [0, 0, 0, 6] }
          : { text: 'No paid support', margin: [0, 0, 0, 6] },
      );
    }
  }
  return {
    info: { title: `${copy.title}: ${copy.personName}`, author: councilName, subject: 'Care and support plan and personal budget', creator: 'Selfdirect' },
    language: 'en-GB',
    pageSize: 'A4',
    pageMargins: [50, 50, 50, 60],
    defaultStyle: { font: 'Helvetica', fontSize: 13, lineHeight: 1.25 },
    styles: {
      council: { fontSize: 12, color: '#505a5f', margin: [0, 0, 0, 4] },
      title: { fontSize: 24, bold: true, margin: [0, 0, 0, 8] },
      heading: { fontSize: 17, bold: true, margin: [0, 14, 0, 6] },
    },
    footer: (page: number, pages: number) => ({ text: `Page ${page} of ${pages}`, alignment: 'center', fontSize: 10, margin: [0, 20, 0, 0] }),
    content,
  };
}

export async function planPdf(copy: PersonCopy, councilName: string): Promise<Buffer> {
  return printer().createPdf(planDocument(copy, councilName)).getBuffer();
}
