// How one import reads the values of its list columns: exact names first, then what the user
// confirmed for this file (its value mapping), then what was confirmed for earlier files (the
// remembered mappings), then a near miss above the confidence threshold. Every value that was not
// read exactly is listed once, with its rows, so the value mapping step can show it: nothing is
// guessed silently.
import { type ListEntry, type ValueList, valueKey } from './value-list.js';
import type { ValueListName } from './vocabulary.js';

/** The user's answers for one import: per field, per value key, the code it means (null: rejected). */
export type ValueMapping = Record<string, Record<string, string | null>>;

/** Confirmed answers kept for later files, by `rememberKey(field, list, key)`. */
export type RememberedValues = Map<string, string>;

export const rememberKey = (field: string, list: string, key: string) => `${field}\u0000${list}\u0000${key}`;

export type ValueStatus = 'unconfirmed' | 'auto' | 'confirmed' | 'remembered' | 'rejected';

/** One distinct value of one column that was not read exactly. */
export interface UnrecognizedValue {
  field: string;
  list: ValueListName;
  /** As first found in the file. */
  value: string;
  key: string;
  rows: number;
  firstRow: number;
  suggestion: Suggestion | null;
  status: ValueStatus;
  /** The code the value is read as now (null while unconfirmed or rejected), and its labels. */
  code: string | null;
  label: { es: string; en: string } | null;
}

export interface Suggestion {
  code: string;
  confidence: number;
  label: { es: string; en: string };
}

/** How many distinct values an import lists; beyond that the rows still say what is wrong. */
export const LISTED_VALUES = 500;

export type ValueOutcome<V> =
  | { ok: true; value: V }
  | { ok: false; rejected: boolean; suggestion: { entry: ListEntry<V>; confidence: number } | null };

interface Decision {
  status: ValueStatus;
  code: string | null;
  label: { es: string; en: string } | null;
  suggestion: Suggestion | null;
}

const labelOf = <V>(entry: ListEntry<V>) => ({ es: entry.labelEs, en: entry.labelEn });

export class ValueResolver {
  private readonly found = new Map<string, UnrecognizedValue>();
  private readonly decisions = new Map<string, Decision | 'exact'>();
  private readonly exactCodes = new Map<string, string>();
  private readonly keys = new Map<string, string>();

  /** A spelling's key, folded once however many rows repeat it (bounded like the list's own cache). */
  private keyOf(text: string): string {
    let key = this.keys.get(text);
    if (key === undefined) {
      key = valueKey(text);
      if (this.keys.size < LISTED_VALUES * 20) this.keys.set(text, key);
    }
    return key;
  }

  constructor(
    private readonly mapping: ValueMapping = {},
    private readonly remembered: RememberedValues = new Map(),
  ) {}

  /** Reads one value of a list column on a row; an unread value is listed with its rows. */
  read<V>(field: string, list: ValueList<V>, text: string, row: number): ValueOutcome<V> {
    const exact = list.exact(text);
    if (exact) return { ok: true, value: exact.value };
    const key = this.keyOf(text);
    const id = `${field}\u0000${key}`;
    let decision = this.decisions.get(id);
    if (decision === undefined) {
      decision = this.decide(field, list, text, key);
      this.decisions.set(id, decision);
    }
    if (decision === 'exact') {
      const code = this.exactCodes.get(id);
      const entry = code === undefined ? undefined : list.entry(code);
      if (entry) return { ok: true, value: entry.value };
      return { ok: false, rejected: false, suggestion: null };
    }
    this.count(id, field, list.name, text, key, row, decision);
    const entry = decision.code === null ? undefined : list.entry(decision.code);
    if (entry) return { ok: true, value: entry.value };
    const suggested = decision.suggestion && list.entry(decision.suggestion.code);
    return {
      ok: false,
      rejected: decision.status === 'rejected',
      suggestion:
        suggested && decision.suggestion ? { entry: suggested, confidence: decision.suggestion.confidence } : null,
    };
  }

  private decide<V>(field: string, list: ValueList<V>, text: string, key: string): Decision | 'exact' {
    const resolution = list.resolve(text);
    if (resolution.kind === 'exact') {
      this.exactCodes.set(`${field}\u0000${key}`, resolution.code);
      return 'exact';
    }
    const near =
      resolution.kind === 'near' ? { code: resolution.code, confidence: resolution.confidence } : resolution.suggestion;
    const suggested = near && list.entry(near.code);
    const suggestion = near && suggested ? { ...near, label: labelOf(suggested) } : null;
    const decided = (status: ValueStatus, code: string | null): Decision => {
      const entry = code === null ? undefined : list.entry(code);
      return { status, code: entry ? code : null, label: entry ? labelOf(entry) : null, suggestion };
    };
    const answered = this.mapping[field]?.[key];
    if (answered === null) return decided('rejected', null);
    if (answered !== undefined && list.entry(answered)) return decided('confirmed', answered);
    const remembered = this.remembered.get(rememberKey(field, list.name, key));
    if (remembered !== undefined && list.entry(remembered)) return decided('remembered', remembered);
    if (resolution.kind === 'near') return decided('auto', resolution.code);
    return decided('unconfirmed', null);
  }

  private count(
    id: string,
    field: string,
    list: ValueListName,
    text: string,
    key: string,
    row: number,
    decision: Decision,
  ): void {
    const known = this.found.get(id);
    if (known) {
      known.rows++;
      return;
    }
    if (this.found.size >= LISTED_VALUES) return;
    this.found.set(id, { field, list, value: text.trim(), key, rows: 1, firstRow: row, ...decision });
  }

  /** The values not read exactly, in the order the file first used them. */
  unrecognized(): UnrecognizedValue[] {
    return [...this.found.values()];
  }
}
