// How a file's headers find their fields. Pure. A header and every label and alias are reduced to the
// same key, so "Nro. de personal", "Territorio(s) de trabajo" and "Prov./Cantón" meet the aliases
// "personal", "territorio de trabajo" and "cantón"; KoboToolbox / ODK exports are recognized as they
// come (group prefixes, system columns); a header that still matches nothing gets the closest field
// as a suggestion, which the user confirms.
import { FIELDS, type ImportType, type Mapping } from './fields.js';

/**
 * Short forms written out before comparing, with or without their dot ("Prov." and "Tipo org" alike).
 * Only forms that are not words of their own in Spanish or English: "cant." (cantón or cantidad),
 * "sol." or "fund." would guess.
 */
const ABBREVIATIONS: Record<string, string> = {
  asist: 'asistencia',
  benef: 'beneficiarios',
  cel: 'celular',
  colab: 'colaboradores',
  cod: 'codigo',
  fec: 'fecha',
  fech: 'fecha',
  hrs: 'horas',
  obs: 'observaciones',
  org: 'organizacion',
  pers: 'personas',
  ppto: 'presupuesto',
  presup: 'presupuesto',
  prov: 'provincia',
  ref: 'referencia',
  resp: 'respuesta',
  tel: 'telefono',
  telf: 'telefono',
  vol: 'voluntarios',
};

/** Numero signs and words: "N°", "Nº", "No.", "Nro.", "Núm.", "#" and "número" say nothing about the field. */
const NUMERO = new Set(['n', 'nr', 'nro', 'num', 'numero', 'number', 'nos']);

const STOP_WORDS = new Set([
  'a',
  'al',
  'con',
  'de',
  'del',
  'e',
  'el',
  'en',
  'la',
  'las',
  'lo',
  'los',
  'o',
  'para',
  'por',
  'y',
  'an',
  'and',
  'by',
  'for',
  'in',
  'of',
  'on',
  'or',
  'per',
  'the',
]);

// "Territorio(s)", "Sector(es)", "Socio/a": a plural or gender marker glued to its word.
const PLURAL_MARKER = /(?<=\p{L})(?:\s?\((?:s|es|as|os|a|o)\)|\/(?:s|es|as|os|a|o)(?![\p{L}\p{N}]))/giu;
const BRACKETED = /[([{][^)\]}]*[)\]}]?/g;

const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();

/** One header or alias as compared: its words, short forms written out, numero signs and stop words dropped. */
function headerKey(text: string): string {
  const tokens =
    fold(text)
      .replace(/[°º#]/g, ' ')
      .match(/[\p{L}\p{N}]+\.?/gu) ?? [];
  const words = tokens.map((token) => token.replace(/\.$/, ''));
  // "No." and "No de…" are numero signs; a bare "no" is a word.
  const numero = tokens.map(
    (token, i) =>
      NUMERO.has(words[i] ?? '') ||
      (words[i] === 'no' && (token.endsWith('.') || words[i + 1] === 'de' || words[i + 1] === 'of')),
  );
  const kept = words.flatMap((word, i) => (numero[i] || STOP_WORDS.has(word) ? [] : [ABBREVIATIONS[word] ?? word]));
  if (kept.length > 0) return kept.join(' ');
  // Only numero signs ("N°", "#", "No."): the sheet's own row numbers, nothing to import. Only stop words: itself.
  return numero.every(Boolean) ? '' : words.join(' ');
}

/** Splits "grupo/campo" and "grupo:campo" (as Kobo writes group paths) outside brackets. */
function pathSegments(text: string): string[] {
  const segments: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if ('([{'.includes(char)) depth += 1;
    if (')]}'.includes(char)) depth = Math.max(0, depth - 1);
    if (depth === 0 && (char === '/' || char === ':')) {
      segments.push(current);
      current = '';
    } else current += char;
  }
  segments.push(current);
  return segments.filter((segment) => segment.trim() !== '');
}

/**
 * The keys a header is tried by, in order: its last path segment (a Kobo field inside its groups),
 * the whole path, then the other segments from the end ("RUC/Cédula", "Fecha: dd/mm/aaaa"); each with
 * what its brackets hold ("Presupuesto anual (USD)") and then without it ("Monto (en dólares)").
 */
function headerKeys(header: string): string[] {
  const text = header.replace(PLURAL_MARKER, '');
  const segments = pathSegments(text);
  const tried = segments.length > 1 ? [segments.at(-1) ?? '', text, ...segments.slice(0, -1).reverse()] : [text];
  const keys = tried.flatMap((part) => [headerKey(part), headerKey(part.replace(BRACKETED, ' '))]);
  return [...new Set(keys)].filter((key) => key !== '');
}

/**
 * KoboToolbox and ODK system columns: the form's own metadata, never a field the user would map.
 * Besides these names, Kobo starts every system column with "_" (`_id`, `_submission_time`,
 * `_gps_latitude`…), and ODK's `meta/…` and Kobo's `formhub/…` paths are metadata too.
 */
const FORM_TOOL_COLUMNS = new Set([
  '__version__',
  'audit',
  'deviceid',
  'end',
  'instanceid',
  'phonenumber',
  'simserial',
  'start',
  'subscriberid',
  'today',
  'username',
  // ODK Central's CSV export.
  'attachmentsexpected',
  'attachmentspresent',
  'edits',
  'formversion',
  'meta-instanceid',
  'reviewstate',
  'submissiondate',
  'submitterid',
  'submittername',
]);

const isFormToolColumn = (raw: string) =>
  raw.startsWith('_') || raw.startsWith('meta/') || raw.startsWith('formhub/') || FORM_TOOL_COLUMNS.has(raw);

const rawHeader = (header: string) => header.trim().toLowerCase();

/**
 * A column nobody maps: a form tool's metadata, or one of the 0/1 columns Kobo adds for each option of
 * a select-multiple question ("sector/salud" beside "sector").
 */
function ignorableColumns(headers: string[]): boolean[] {
  const raws = headers.map(rawHeader);
  const present = new Set(raws);
  return raws.map((raw) => {
    const parent = raw.slice(0, Math.max(0, raw.lastIndexOf('/'), raw.lastIndexOf(':')));
    return isFormToolColumn(raw) || (parent !== '' && present.has(parent));
  });
}

interface FieldName {
  field: string;
  key: string;
  tokens: string[];
}

interface HeaderIndex {
  byKey: Map<string, string>;
  /** Aliases as written, for metadata columns: `_uuid` is a row key, `_id` is not "id". */
  byRawAlias: Map<string, { field: string; rank: number }>;
  names: FieldName[];
}

// Built once per record type and labels function (the app passes one), then reused for every file.
const indexes = new WeakMap<(field: string) => string[], Map<ImportType, HeaderIndex>>();

function headerIndex(type: ImportType, labels: (field: string) => string[]): HeaderIndex {
  const byType = indexes.get(labels) ?? new Map<ImportType, HeaderIndex>();
  indexes.set(labels, byType);
  const cached = byType.get(type);
  if (cached) return cached;
  const byKey = new Map<string, string>();
  const byRawAlias = new Map<string, { field: string; rank: number }>();
  const names: FieldName[] = [];
  // A field's labels in both languages come first, then its aliases; with brackets before without.
  const written = [
    ...FIELDS[type].flatMap((field) => labels(field.name).map((name) => ({ field: field.name, name }))),
    ...FIELDS[type].flatMap((field) => field.aliases.map((name) => ({ field: field.name, name }))),
  ];
  for (const withBrackets of [true, false])
    for (const { field, name } of written) {
      const key = headerKey(withBrackets ? name : name.replace(BRACKETED, ' '));
      if (key === '' || byKey.has(key)) continue;
      byKey.set(key, field);
      names.push({ field, key, tokens: key.split(' ') });
    }
  for (const field of FIELDS[type])
    field.aliases.forEach((alias, rank) => {
      if (!byRawAlias.has(rawHeader(alias))) byRawAlias.set(rawHeader(alias), { field: field.name, rank });
    });
  const index = { byKey, byRawAlias, names };
  byType.set(type, index);
  return index;
}

/**
 * Matches headers to fields: a field's labels (in both languages) first, then its aliases; each field
 * takes the first column that names it. Form-tool metadata columns come last and take a field only by
 * an alias written exactly as their header and only when no other column named it, so `start` and
 * `end` are a review's period in a reviews file that has no period columns of its own, `_uuid` is the
 * row key where the type has one, and elsewhere they are ignored. Columns nothing recognizes (metadata
 * aside) come back as null, with their positions in `unrecognized`.
 */
export function matchHeaders(
  type: ImportType,
  headers: string[],
  labels: (field: string) => string[],
): { mapping: Mapping; unrecognized: number[] } {
  const index = headerIndex(type, labels);
  const ignorable = ignorableColumns(headers);
  const taken = new Set<string>();
  const mapping: Mapping = headers.map(() => null);
  const unrecognized: number[] = [];
  const assign = (i: number, field: string) => {
    taken.add(field);
    mapping[i] = field;
  };
  headers.forEach((header, i) => {
    if (ignorable[i]) return;
    const keys = headerKeys(header);
    const field = keys.map((key) => index.byKey.get(key)).find((f) => f !== undefined && !taken.has(f));
    if (field !== undefined) assign(i, field);
    else if (keys.length > 0) unrecognized.push(i);
  });
  // Among metadata columns claiming one field, the alias listed first wins: `_uuid` before `meta/instanceID`.
  const claims = headers
    .flatMap((header, i) => {
      const alias = ignorable[i] ? index.byRawAlias.get(rawHeader(header)) : undefined;
      return alias ? [{ i, ...alias }] : [];
    })
    .sort((a, b) => a.rank - b.rank);
  for (const { i, field } of claims) if (!taken.has(field)) assign(i, field);
  return { mapping, unrecognized };
}

export interface FieldSuggestion {
  field: string;
  /** 0 to 1, two decimals. */
  confidence: number;
}

/**
 * Below this there is no suggestion. At 0.6 a one-word header must share most of its letters with a
 * field's name ("Teritorio" → territorio, 0.9; "Zona" and "nota" share half, 0.5: none) and a longer
 * one most of its words ("Ciudad base" → ciudad, 0.67; one word in three, 0.5: none). A wrong
 * suggestion costs a click, but one the user waves through maps a column to the wrong field.
 */
export const MIN_SUGGESTION_CONFIDENCE = 0.6;

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1)
      current.push(
        Math.min(
          (previous[j] ?? 0) + 1,
          (current[j - 1] ?? 0) + 1,
          (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
        ),
      );
    previous = current;
  }
  return previous[b.length] ?? 0;
}

const letterSimilarity = (a: string, b: string) => 1 - editDistance(a, b) / Math.max(a.length, b.length, 1);

/** Two words alike: the same, one a short form of the other ("benefic"), or a typo apart. */
function wordSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  if (Math.min(a.length, b.length) >= 4 && (a.startsWith(b) || b.startsWith(a))) return 0.8;
  const similarity = letterSimilarity(a, b);
  return similarity >= 0.75 ? similarity : 0;
}

/** Dice's coefficient over words, each word counting as much as it resembles its best match. */
function wordOverlap(a: string[], b: string[]): number {
  const best = (word: string, others: string[]) => Math.max(0, ...others.map((other) => wordSimilarity(word, other)));
  const total = a.reduce((sum, w) => sum + best(w, b), 0) + b.reduce((sum, w) => sum + best(w, a), 0);
  return total / (a.length + b.length);
}

/** How alike a header's key and a field's name are: by whole letters or by words, whichever is closer. */
function similarity(key: string, name: FieldName): number {
  return Math.max(letterSimilarity(key, name.key), wordOverlap(key.split(' '), name.tokens));
}

/**
 * For each column the mapping leaves unassigned, the field its header most resembles, among the fields
 * no column holds; null when nothing reaches MIN_SUGGESTION_CONFIDENCE, and for form-tool metadata.
 * Two columns are never offered the same field: the closer pair wins.
 */
export function suggestFields(
  type: ImportType,
  headers: string[],
  mapping: Mapping,
  labels: (field: string) => string[],
): (FieldSuggestion | null)[] {
  const index = headerIndex(type, labels);
  const ignorable = ignorableColumns(headers);
  const taken = new Set(mapping.filter((field): field is string => field !== null));
  const pairs: { column: number; field: string; score: number }[] = [];
  headers.forEach((header, column) => {
    if ((mapping[column] ?? null) !== null || ignorable[column]) return;
    const best = new Map<string, number>();
    for (const key of headerKeys(header))
      for (const name of index.names) {
        if (taken.has(name.field)) continue;
        const score = similarity(key, name);
        if (score > (best.get(name.field) ?? 0)) best.set(name.field, score);
      }
    for (const [field, score] of best) if (score >= MIN_SUGGESTION_CONFIDENCE) pairs.push({ column, field, score });
  });
  // Closest pairs first; ties go to the earlier column, then to the field listed first.
  const order = new Map(FIELDS[type].map((field, i) => [field.name, i]));
  pairs.sort(
    (a, b) => b.score - a.score || a.column - b.column || (order.get(a.field) ?? 0) - (order.get(b.field) ?? 0),
  );
  const suggestions: (FieldSuggestion | null)[] = headers.map(() => null);
  const offered = new Set<string>();
  for (const { column, field, score } of pairs) {
    if (suggestions[column] !== null || offered.has(field)) continue;
    offered.add(field);
    suggestions[column] = { field, confidence: Math.round(score * 100) / 100 };
  }
  return suggestions;
}
