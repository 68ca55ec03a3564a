// Cells corrected in the preview, kept with the import and laid over the kept file's rows each
// time it is read (preview, commit, download of rejected rows), so a small fix needs no re-upload.
import type { Cell } from './cells.js';
import type { SheetRow } from './source.js';

/** Corrected texts by spreadsheet row number, then by column position. */
export type CellEdits = Record<string, Record<string, string>>;

export interface CellEdit {
  row: number;
  cell: number;
  value: string;
}

/** The edits with new ones laid over them (the last word on a cell wins). */
export function mergeEdits(edits: CellEdits, added: CellEdit[]): CellEdits {
  const merged: CellEdits = Object.fromEntries(Object.entries(edits).map(([row, cells]) => [row, { ...cells }]));
  for (const { row, cell, value } of added) (merged[String(row)] ??= {})[String(cell)] = value;
  return merged;
}

export function editCount(edits: CellEdits): number {
  return Object.values(edits).reduce((sum, cells) => sum + Object.keys(cells).length, 0);
}

/** The rows of a file with the corrected cells in place. */
export async function* withEdits(rows: AsyncIterable<SheetRow>, edits: CellEdits): AsyncGenerator<SheetRow> {
  if (Object.keys(edits).length === 0) {
    yield* rows;
    return;
  }
  for await (const row of rows) {
    const fixed = edits[String(row.rowNumber)];
    if (!fixed) {
      yield row;
      continue;
    }
    const cells: Cell[] = [...row.cells];
    for (const [position, value] of Object.entries(fixed)) cells[Number(position)] = value;
    for (let i = 0; i < cells.length; i++) cells[i] ??= null;
    yield { rowNumber: row.rowNumber, cells };
  }
}
