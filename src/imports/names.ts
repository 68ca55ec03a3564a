// Matching names typed in a cell to reference records or fixed options, in either language,
// ignoring accents, case and punctuation. Pure.
import { searchableText } from '../shared/text.js';

export interface NamedRecord {
  id: number;
  code: string;
  nameEs: string;
  nameEn: string;
}

/** The names a record answers to: both languages, its code, and each part of "Lago Agrio (Nueva Loja)". */
function namesOf(record: NamedRecord): string[] {
  const names = [record.nameEs, record.nameEn, record.code.replace(/_/g, ' ')];
  for (const name of [record.nameEs, record.nameEn]) {
    const match = /^(.*?)\s*\((.+)\)\s*$/.exec(name);
    const [, outside, inside] = match ?? [];
    if (outside !== undefined && inside !== undefined) names.push(outside, inside);
  }
  return names;
}

export class NameIndex<T> {
  private readonly byName = new Map<string, T>();

  add(name: string, value: T): void {
    const key = searchableText(name);
    if (key !== '' && !this.byName.has(key)) this.byName.set(key, value);
  }

  get(name: string): T | undefined {
    return this.byName.get(searchableText(name));
  }

  static ofRecords(records: NamedRecord[]): NameIndex<number> {
    const index = new NameIndex<number>();
    for (const record of records) for (const name of namesOf(record)) index.add(name, record.id);
    return index;
  }

  /** Fixed options (organization types, statuses) by code and by their label in each language. */
  static ofOptions<V extends string>(options: readonly V[], labels: (option: V) => string[]): NameIndex<V> {
    const index = new NameIndex<V>();
    for (const option of options) {
      index.add(option.replace(/_/g, ' '), option);
      for (const label of labels(option)) index.add(label, option);
    }
    return index;
  }
}

/**
 * Several names in one cell: "Quito; Tulcán", "Quito, Lago Agrio", or one line each. Commas also
 * appear inside names ("Agua, saneamiento e higiene"), so adjacent pieces are joined back when
 * together they make a name. Returns the ids found and the pieces that name nothing.
 */
export function matchNames(text: string, index: NameIndex<number>): { ids: number[]; unknown: string[] } {
  const ids: number[] = [];
  const unknown: string[] = [];
  for (const part of text.split(/[;|\n]+/)) {
    const pieces = part.split(',').map((p) => p.trim());
    let i = 0;
    while (i < pieces.length) {
      const piece = pieces[i] ?? '';
      if (piece === '') {
        i++;
        continue;
      }
      let matched = false;
      for (let j = pieces.length; j > i; j--) {
        const id = index.get(pieces.slice(i, j).join(', '));
        if (id !== undefined) {
          if (!ids.includes(id)) ids.push(id);
          i = j;
          matched = true;
          break;
        }
      }
      if (!matched) {
        unknown.push(piece);
        i++;
      }
    }
  }
  return { ids, unknown };
}
