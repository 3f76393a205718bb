import { type PdfBlock, taggedPdf } from '../../web/tagged-pdf.js';
import type { explanationView } from './presenters.js';

/**
 * The budget explanation as a tagged PDF, in the order and words of the page: the amount, what it
 * means, how it was worked out, the answers and their points.
 */
type View = ReturnType<typeof explanationView>;

export function explanationBlocks(view: View, personName: string, councilName: string): PdfBlock[] {
  const cell = (c: { text: string }) => c.text;
  return [
    { kind: 'paragraph', text: councilName, small: true },
    { kind: 'heading', level: 1, text: 'How the indicative personal budget was worked out' },
    { kind: 'paragraph', text: personName },
    { kind: 'paragraph', text: `${view.headline}. ${view.outcomeTag}.` },
    ...(view.decision ? [{ kind: 'paragraph', text: `Panel decision: ${view.decision}` } as PdfBlock] : []),
    { kind: 'heading', level: 2, text: 'What this means' },
    ...view.meaning.map((text): PdfBlock => ({ kind: 'paragraph', text })),
    { kind: 'heading', level: 2, text: 'How it was worked out' },
    { kind: 'list', items: view.steps, numbered: true },
    { kind: 'heading', level: 2, text: 'The answers and their points' },
    ...view.domains.flatMap((d): PdfBlock[] => [
      { kind: 'heading', level: 3, text: d.title },
      { kind: 'table', head: ['Question', 'Answer', 'Points'], rows: d.rows.map((row) => row.map(cell)), rowHeadings: true },
      { kind: 'paragraph', text: `${d.title}: ${d.subtotal}.` },
    ]),
    { kind: 'paragraph', text: `Total: ${view.totalPoints}.` },
    { kind: 'paragraph', text: `Worked out with ${view.scheme}. The same answers with the same scheme always give the same amount.`, small: true },
  ];
}

export function explanationPdf(view: View, personName: string, councilName: string): Promise<Buffer> {
  return taggedPdf({ title: `How the indicative personal budget was worked out: ${personName}`, subject: 'Indicative personal budget', author: councilName, blocks: explanationBlocks(view, personName, councilName) });
}
