import ExcelJS from 'exceljs';
import type { ResultTable } from './presenters.js';

/** A result table as an XLSX workbook: one sheet, a bold header row, numbers kept as numbers. */
export async function workbookOf(table: ResultTable, title: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Selfdirect';
  workbook.title = title;
  const sheet = workbook.addWorksheet(table.caption.slice(0, 31));
  sheet.addRow(table.columns.map((c) => c.title)).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row.map((v) => (v === null ? '' : v)));
  sheet.columns.forEach((column, i) => {
    column.width = Math.min(60, Math.max(12, table.columns[i]!.title.length + 2));
  });
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
