// One list a column takes its values from, matched forgivingly: the values' labels in both
// languages, their codes and the vocabulary's other names, compared without accents, case,
// spacing, punctuation or filler words; then, for a near miss, by similarity with a confidence.
// Pure: built from records and labels the caller reads.
import { distance } from 'fastest-levenshtein';
import { searchableText } from '../../shared/text.js';
import { type ValueListName, synonymsOf } from './vocabulary.js';

/** A match at or above this confidence is taken without asking (and listed, so it is never silent). */
export const AUTO_MATCH = 0.9;
/** Below this nothing is suggested (two edits in a five-letter name, "Marte" for "Manta"): the user picks from the list. */
export const SUGGEST_FROM = 0.65;

// Words that carry no meaning in a list value ("Organización de base" = "organización base").
const FILLER = new Set(['de', 'del', 'la', 'las', 'el', 'los', 'y', 'e', 'en', 'a', 'of', 'the', 'and', 'for']);
// Abbreviations offices write with a dot, by their folded form.
const ABBREVIATIONS: Record<string, string> = {
  org: 'organizacion',
  orgs: 'organizaciones',
  asoc: 'asociacion',
  fund: 'fundacion',
  inst: 'institucion',
  intl: 'internacional',
  int: 'internacional',
  nac: 'nacional',
  gob: 'gobierno',
  com: 'comunitaria',
  sto: 'santo',
  sta: 'santa',
};

/** A value as compared: "Org. de Base" → "organizacion base". */
export function valueKey(text: string): string {
  return searchableText(text)
    .split(' ')
    .map((word) => ABBREVIATIONS[word] ?? word)
    .filter((word) => !FILLER.has(word))
    .join(' ');
}

/** How alike two keys are, 0–1: one minus the edit distance over the longer length. */
export function similarity(a: string, b: string): number {
  const longer = Math.max(a.length, b.length);
  return longer === 0 ? 1 : 1 - distance(a, b) / longer;
}

export interface ListEntry<V> {
  value: V;
  /** Stable across databases: a value mapping remembers codes, never ids. */
  code: string;
  labelEs: string;
  labelEn: string;
  /** Every name it answers to (labels, code, vocabulary), as typed. */
  names: string[];
}

export type Resolution<V> =
  | { kind: 'exact'; value: V; code: string }
  | { kind: 'near'; value: V; code: string; confidence: number }
  | { kind: 'unknown'; suggestion: { code: string; confidence: number } | null };

/** How many distinct spellings a list remembers the reading of (bounded: memory stays flat). */
const SEEN_SPELLINGS = 10_000;

/** Keys shorter than this are never matched by similarity: "PI" is not a typo of "SAN". */
const MIN_SIMILAR_LENGTH = 4;

export class ValueList<V> {
  private readonly byKey = new Map<string, ListEntry<V>>();
  private readonly byCode = new Map<string, ListEntry<V>>();
  private readonly keys: { key: string; entry: ListEntry<V> }[] = [];

  constructor(
    readonly name: ValueListName,
    readonly entries: ListEntry<V>[],
  ) {
    for (const entry of entries) this.byCode.set(entry.code, entry);
    // Labels and codes before the vocabulary: a synonym never takes another value's own label.
    const passes = [(e: ListEntry<V>) => e.names, (e: ListEntry<V>) => synonymsOf(name, e.code)];
    for (const namesOf of passes) {
      for (const entry of entries) {
        for (const text of namesOf(entry)) {
          const key = valueKey(text);
          if (key === '' || this.byKey.has(key)) continue;
          this.byKey.set(key, entry);
          this.keys.push({ key, entry });
        }
      }
    }
  }

  private accepted: { es: string; en: string } | null = null;

  /** What the list accepts, as a message can quote it: its labels, the first dozen. */
  acceptedIn(lang: 'es' | 'en'): string {
    if (!this.accepted) {
      const quote = (labels: string[]) =>
        labels.slice(0, 12).join(', ') + (labels.length > 12 ? ` … (+${String(labels.length - 12)})` : '');
      this.accepted = {
        es: quote(this.entries.map((e) => e.labelEs)),
        en: quote(this.entries.map((e) => e.labelEn)),
      };
    }
    return this.accepted[lang];
  }

  entry(code: string): ListEntry<V> | undefined {
    return this.byCode.get(code);
  }

  // A file repeats the same few spellings over thousands of rows: each is folded once.
  private readonly seen = new Map<string, ListEntry<V> | null>();

  /** The value a text names exactly (forgiving accents, case, punctuation, filler words), if any. */
  exact(text: string): ListEntry<V> | undefined {
    let entry = this.seen.get(text);
    if (entry === undefined) {
      entry = this.byKey.get(valueKey(text)) ?? null;
      if (this.seen.size < SEEN_SPELLINGS) this.seen.set(text, entry);
    }
    return entry ?? undefined;
  }

  resolve(text: string): Resolution<V> {
    const key = valueKey(text);
    const exact = this.byKey.get(key);
    if (exact) return { kind: 'exact', value: exact.value, code: exact.code };
    const best = this.closest(key);
    if (best && best.confidence >= AUTO_MATCH)
      return { kind: 'near', value: best.entry.value, code: best.entry.code, confidence: best.confidence };
    return {
      kind: 'unknown',
      suggestion:
        best && best.confidence >= SUGGEST_FROM ? { code: best.entry.code, confidence: best.confidence } : null,
    };
  }

  private closest(key: string): { entry: ListEntry<V>; confidence: number } | null {
    if (key.length < MIN_SIMILAR_LENGTH) return null;
    let best: { entry: ListEntry<V>; confidence: number } | null = null;
    for (const candidate of this.keys) {
      if (candidate.key.length < MIN_SIMILAR_LENGTH) continue;
      const confidence = similarity(key, candidate.key);
      if (!best || confidence > best.confidence) best = { entry: candidate.entry, confidence };
    }
    return best && { entry: best.entry, confidence: Math.round(best.confidence * 100) / 100 };
  }
}

/** A list of fixed options (organization types, statuses…) labelled by the app's translations. */
export function optionList<V extends string>(
  name: ValueListName,
  options: readonly V[],
  labels: (option: V) => { es: string; en: string },
): ValueList<V> {
  return new ValueList(
    name,
    options.map((option) => {
      const { es, en } = labels(option);
      return { value: option, code: option, labelEs: es, labelEn: en, names: [es, en, option.replace(/_/g, ' ')] };
    }),
  );
}

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

/** A list of reference records (territories, assistance types) whose values are their ids. */
export function recordList(name: ValueListName, records: NamedRecord[]): ValueList<number> {
  return new ValueList(
    name,
    records.map((r) => ({ value: r.id, code: r.code, labelEs: r.nameEs, labelEn: r.nameEn, names: namesOf(r) })),
  );
}
