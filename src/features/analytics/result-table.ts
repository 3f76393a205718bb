import { exportCell } from '../../batch/csv.js';
import { formatPence } from '../../domain/money/pence.js';
import { captionedTable } from '../../web/tables.js';

/**
 * One table per analysis: the same rows feed the page's table, the CSV and the XLSX downloads, and
 * each column has one unit, named in its title, in all three: money in pounds, differences in per
 * cent. Cells hold the figure in its stored form (pence, a ratio); each output converts it once.
 */
/** `pounds-change` is money with its sign shown (+£12.00); `pounds-rate` is money per point, to 4 places on the page. */
export type Unit = 'text' | 'count' | 'pounds' | 'pounds-change' | 'pounds-rate' | 'percent' | 'decimal';

export interface ResultColumn {
  title: string;
  unit: Unit;
  /** A column of sentences: kept wide enough to read, the table scrolling instead. */
  prose?: boolean;
}

export type Cell = string | number | null;

export interface ResultTable {
  caption: string;
  columns: ResultColumn[];
  /** Stored figures: money in pence, a percentage as a ratio (0.26), text as it is; null is empty or withheld. */
  rows: Cell[][];
  /** How each cell reads on the page: the same figures in the same units, for reading. */
  display: string[][];
}

const NUMERIC: ReadonlySet<Unit> = new Set(['count', 'pounds', 'pounds-change', 'pounds-rate', 'percent', 'decimal']);
export const isNumeric = (unit: Unit) => NUMERIC.has(unit);

/** A ratio as a signed percentage to one decimal place, like +26%, −3.5%. */
export function percentText(ratio: number): string {
  const value = Math.round(Math.abs(ratio) * 1000) / 10;
  return `${ratio > 0 && value > 0 ? '+' : ratio < 0 && value > 0 ? '−' : ''}${value}%`;
}

/** A cell for the page, from its stored figure. */
export function displayCell(value: Cell, unit: Unit): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  switch (unit) {
    case 'count':
      return value.toLocaleString('en-GB');
    case 'pounds':
      return formatPence(Math.round(value));
    case 'pounds-change':
      return `${value > 0 ? '+' : ''}${formatPence(Math.round(value))}`;
    case 'pounds-rate':
      return `£${(value / 100).toFixed(4)}`;
    case 'percent':
      return percentText(value);
    case 'decimal':
      return value.toFixed(3);
    default:
      return String(value);
  }
}

/** Whole pence as pounds and pence, exactly, from the integer (−1234 → "-12.34"). */
function poundsText(pence: number): string {
  const abs = Math.abs(pence);
  return `${pence < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** A cell for the CSV: pounds as pounds (2 places, or full precision for a rate), percentages as per cent. */
export function csvFigure(value: Cell, unit: Unit): Cell {
  if (value === null || typeof value === 'string') return value;
  switch (unit) {
    case 'pounds':
    case 'pounds-change':
      return poundsText(Math.round(value));
    case 'pounds-rate':
      return String(value / 100);
    case 'percent':
      return String(Math.round(value * 1000) / 10);
    default:
      return value;
  }
}

/** A cell for the workbook: the number Excel holds, with the format it shows it in. */
export function workbookFigure(value: Cell, unit: Unit): { value: string | number; numFmt?: string } {
  if (value === null) return { value: '' };
  if (typeof value === 'string') return { value };
  switch (unit) {
    case 'count':
      return { value, numFmt: '#,##0' };
    case 'pounds':
      return { value: Math.round(value) / 100, numFmt: '"£"#,##0.00' };
    case 'pounds-change':
      return { value: Math.round(value) / 100, numFmt: '+"£"#,##0.00;-"£"#,##0.00;"£"0.00' };
    case 'pounds-rate':
      return { value: value / 100, numFmt: '"£"#,##0.0000' };
    case 'percent':
      return { value, numFmt: '+0.0%;-0.0%;0.0%' };
    case 'decimal':
      return { value, numFmt: '0.000' };
    default:
      return { value };
  }
}

/** A result table as GOV.UK table macro parameters. */
export function govukTableOf(table: ResultTable) {
  const format = (i: number) => (isNumeric(table.columns[i]!.unit) ? 'numeric' : undefined);
  const classes = (i: number) => (table.columns[i]!.prose ? 'app-table__cell--prose' : undefined);
  return captionedTable(table.caption, table.columns.map((c, i) => ({ text: c.title, format: format(i), classes: classes(i) })), table.display.map((row) => row.map((text, i) => ({ text, format: format(i), classes: classes(i) }))));
}

/** CSV of a result table (RFC 4180), in the columns' units. */
export function csvOf(table: ResultTable): string {
  const header = table.columns.map((c) => c.title);
  const rows = table.rows.map((row) => row.map((v, i) => csvFigure(v, table.columns[i]!.unit)));
  return `${[header, ...rows].map((row) => row.map(exportCell).join(',')).join('\r\n')}\r\n`;
}
