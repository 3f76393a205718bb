/** A cell of a GOV.UK table, as the govukTable macro takes it. */
export interface Cell {
  text?: string;
  html?: string;
  format?: string;
}

/**
 * A GOV.UK table with a medium caption, the first cell of each row its header: the shape every
 * list page uses, so that pages differ only in what they list.
 */
export function captionedTable(caption: string, head: Cell[], rows: Cell[][]) {
  return { caption, captionClasses: 'govuk-table__caption--m', firstCellIsHeader: true, head, rows };
}
