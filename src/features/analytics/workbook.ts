import ExcelJS from 'exceljs';
import { type ResultTable, workbookFigure } from './result-table.js';

/** A result table as an XLSX workbook: one sheet, a bold header row, numbers kept as numbers with their formats (pounds, per cent). */
export async function workbookOf(table: ResultTable, title: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Selfdirect';
  workbook.title = title;
  const sheet = workbook.addWorksheet(table.caption.slice(0, 31));
  sheet.addRow(table.columns.map((c) => c.title)).font = { bold: true };
  for (const row of table.rows) {
    const figures = row.map((v, i) => workbookFigure(v, table.columns[i]!.unit));
    const added = sheet.addRow(figures.map((f) => f.value));
    figures.forEach((f, i) => {
      if (f.numFmt) added.getCell(i + 1).numFmt = f.numFmt;
    });
  }
  sheet.columns.forEach((column, i) => {
    column.width = Math.min(60, Math.max(12, table.columns[i]!.title.length + 2));
  });
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
