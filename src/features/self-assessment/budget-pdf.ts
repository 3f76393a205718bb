import { type PdfBlock, taggedPdf } from '../../web/tagged-pdf.js';
import type { budgetView } from './budget-presenters.js';

/** The person's own budget explanation as a tagged PDF: the page's words, in its order. */
export function budgetBlocks(view: ReturnType<typeof budgetView>, heading: string, panel: string | null, councilName: string): PdfBlock[] {
  return [
    { kind: 'paragraph', text: councilName, small: true },
    { kind: 'heading', level: 1, text: 'The indicative personal budget' },
    { kind: 'paragraph', text: heading },
    { kind: 'heading', level: 2, text: view.headline },
    { kind: 'paragraph', text: view.subline },
    ...(panel ? [{ kind: 'paragraph', text: panel } as PdfBlock] : []),
    { kind: 'heading', level: 2, text: 'What this means' },
    ...view.meaning.map((text): PdfBlock => ({ kind: 'paragraph', text })),
    { kind: 'heading', level: 2, text: 'How it was worked out' },
    { kind: 'list', items: view.steps, numbered: true },
    { kind: 'heading', level: 2, text: 'Each answer and its points' },
    ...view.domains.flatMap((d): PdfBlock[] => [
      { kind: 'heading', level: 3, text: d.title },
      { kind: 'table', head: ['Question', 'Answer', 'Points'], rows: d.rows.map((row) => row.map((c) => c.text)), rowHeadings: true },
      { kind: 'paragraph', text: `Total for this part: ${d.total}.` },
    ]),
    { kind: 'heading', level: 2, text: 'What the words mean' },
    { kind: 'table', rows: view.words.map((w) => [w.term, w.meaning]), rowHeadings: true },
    { kind: 'paragraph', text: view.scheme, small: true },
  ];
}

export function budgetPdf(view: ReturnType<typeof budgetView>, heading: string, panel: string | null, councilName: string): Promise<Buffer> {
  return taggedPdf({ title: `The indicative personal budget: ${heading}`, subject: 'Indicative personal budget', author: councilName, blocks: budgetBlocks(view, heading, panel, councilName) });
}
