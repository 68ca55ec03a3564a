// Several list values in one cell ("Quito; Tulcán", "Quito, Lago Agrio", one per line), split the
// way offices write them. Pure.
import type { ValueList } from './values/value-list.js';

/** A piece that names nothing as written may still carry a province before it: "Carchi / Tulcán". */
function lastPlace<V>(piece: string, list: ValueList<V>): V | undefined {
  const parts = piece.split(/\s*\/\s*|\s+-\s+/);
  if (parts.length < 2) return undefined;
  return list.exact(parts[parts.length - 1] ?? '')?.value;
}

/**
 * Splits a cell into the values it names exactly and the pieces that name nothing as written.
 * Commas also appear inside names ("Agua, saneamiento e higiene"), so adjacent pieces are joined
 * back when together they make a name.
 */
export function matchNames<V>(text: string, list: ValueList<V>): { values: V[]; unknown: string[] } {
  const values: V[] = [];
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
        const entry = list.exact(pieces.slice(i, j).join(', '));
        if (entry !== undefined) {
          if (!values.includes(entry.value)) values.push(entry.value);
          i = j;
          matched = true;
          break;
        }
      }
      if (!matched) {
        const place = lastPlace(piece, list);
        if (place === undefined) unknown.push(piece);
        else if (!values.includes(place)) values.push(place);
        i++;
      }
    }
  }
  return { values, unknown };
}
