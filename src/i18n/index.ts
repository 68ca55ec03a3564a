import { accountMessages } from './messages/accounts.js';
import { adminMessages } from './messages/admin.js';
import { auditMessages } from './messages/audit.js';
import { commonMessages } from './messages/common.js';
import { dashboardMessages } from './messages/dashboard.js';
import { evidenceMessages } from './messages/evidence.js';
import { exportMessages } from './messages/exports.js';
import { fieldMessages } from './messages/fields.js';
import { formMessages } from './messages/forms.js';
import { importValueMessages } from './messages/import-values.js';
import { importMessages } from './messages/imports.js';
import { methodologyMessages } from './messages/methodology.js';
import { operationsMessages } from './messages/operations.js';
import { partnerMessages } from './messages/partners.js';
import { portfolioMessages } from './messages/portfolio.js';
import { removalMessages } from './messages/removals.js';
import { scoringMessages } from './messages/scoring.js';

export const LANGUAGES = ['es', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * The messages of each feature, in `messages/<feature>.ts`. A new key goes into its feature's module,
 * in both its `es` and `en` objects; a new module is added here and to both dictionaries below (the
 * type of `en` fails if it is missing there, and a test fails if two modules define the same key).
 */
export const MESSAGE_MODULES = {
  common: commonMessages,
  forms: formMessages,
  fields: fieldMessages,
  partners: partnerMessages,
  evidence: evidenceMessages,
  removals: removalMessages,
  portfolio: portfolioMessages,
  scoring: scoringMessages,
  methodology: methodologyMessages,
  dashboard: dashboardMessages,
  exports: exportMessages,
  imports: importMessages,
  importValues: importValueMessages,
  audit: auditMessages,
  accounts: accountMessages,
  admin: adminMessages,
  operations: operationsMessages,
};

/** Spanish, the default language; its keys are the message keys. */
export const es = {
  ...commonMessages.es,
  ...formMessages.es,
  ...fieldMessages.es,
  ...partnerMessages.es,
  ...evidenceMessages.es,
  ...removalMessages.es,
  ...portfolioMessages.es,
  ...scoringMessages.es,
  ...methodologyMessages.es,
  ...dashboardMessages.es,
  ...exportMessages.es,
  ...importMessages.es,
  ...importValueMessages.es,
  ...auditMessages.es,
  ...accountMessages.es,
  ...adminMessages.es,
  ...operationsMessages.es,
};

export type MessageKey = keyof typeof es;

export const en: Record<MessageKey, string> = {
  ...commonMessages.en,
  ...formMessages.en,
  ...fieldMessages.en,
  ...partnerMessages.en,
  ...evidenceMessages.en,
  ...removalMessages.en,
  ...portfolioMessages.en,
  ...scoringMessages.en,
  ...methodologyMessages.en,
  ...dashboardMessages.en,
  ...exportMessages.en,
  ...importMessages.en,
  ...importValueMessages.en,
  ...auditMessages.en,
  ...accountMessages.en,
  ...adminMessages.en,
  ...operationsMessages.en,
};

export const dictionaries: Record<Language, Record<MessageKey, string>> = { es, en };

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(es, key);
}

/** The prefixes that group message keys: `sizeClass`, `imports.field`, `export.sheet`… */
type PrefixesOf<K extends string> = K extends `${infer Head}.${infer Tail}`
  ? Head | `${Head}.${PrefixesOf<Tail>}`
  : never;
export type MessageFamily = PrefixesOf<MessageKey>;

/** The codes a family has a message for: `FamilyCode<'flagLevel'>` is `'observation' | 'risk' | 'red'`. */
type CodesOf<K extends string, F extends string> = K extends `${F}.${infer Code}` ? Code : never;
export type FamilyCode<F extends MessageFamily> = CodesOf<MessageKey, F>;

/**
 * The key of a stored code's label, e.g. `labelKey('flagLevel', flag.level)` for a column read as a
 * plain string. The family is checked; the code is data, and a code the family lacks makes a key that
 * the translator shows as written. A value already typed as the family's union needs no helper:
 * `` t(`sizeClass.${cls}`) `` type-checks as it is.
 */
export function labelKey(family: MessageFamily, code: string): MessageKey {
  return keyOrText(`${family}.${code}`);
}

/**
 * A key that arrives as data rather than written in code (a validation issue, a stored import issue),
 * or a text that may be a key (a form label, an export column named after a record). The translator
 * shows a known key's message and any other text as written, so this is not checked when it compiles.
 */
export function keyOrText(text: string): MessageKey {
  return text as MessageKey;
}

const LOCALES: Record<Language, string> = { es: 'es-EC', en: 'en-US' };

export type MessageParams = Record<string, string | number>;
/** Code can ask only for a known key; views, untyped, may pass any text, which comes back as itself. */
export type Translate = (key: MessageKey, params?: MessageParams) => string;

/**
 * A translator for one language; an unknown key comes back as itself so a gap is visible, not fatal.
 * A count meets its noun through a plural block, `{count, plural, one {# bandera} other {# banderas}}`
 * (optionally `=0 {…}`): the form is chosen with Intl.PluralRules for the language and `#` is the
 * count as the language writes it.
 */
export function translator(language: Language): Translate {
  const dictionary = dictionaries[language];
  const number = new Intl.NumberFormat(LOCALES[language], { maximumFractionDigits: 3 });
  const plurals = new Intl.PluralRules(LOCALES[language]);
  const show = (value: string | number) => (typeof value === 'number' ? number.format(value) : value);
  const fill = (template: string, params: MessageParams) =>
    expandPlurals(
      template,
      (name) => countOf(params[name], language),
      plurals,
      (n) => number.format(n),
    ).replace(/\{(\w+)\}/g, (whole, name: string) => (params[name] === undefined ? whole : show(params[name])));
  // Typed as any text: views are untyped, and a key that arrives as data may be unknown.
  return (key: string, params?: MessageParams) => {
    const template = isMessageKey(key) ? dictionary[key] : key;
    return params ? fill(template, params) : template;
  };
}

/**
 * A count for choosing a plural form: a number, or a number a page already formatted in this
 * language ("1.234" in Spanish, "1,234" in English); anything else has no count.
 */
function countOf(value: string | number | undefined, language: Language): number | null {
  if (typeof value === 'number') return value;
  if (value === undefined) return null;
  const plain = language === 'es' ? value.replace(/\./g, '').replace(',', '.') : value.replace(/,/g, '');
  return /^-?\d+(\.\d+)?$/.test(plain.trim()) ? Number(plain) : null;
}

const PLURAL_START = /\{(\w+), *plural, */g;

/** Replaces each plural block by the form its count selects; a block without its count is left as written. */
function expandPlurals(
  template: string,
  count: (name: string) => number | null,
  rules: Intl.PluralRules,
  format: (n: number) => string,
): string {
  let result = '';
  let from = 0;
  PLURAL_START.lastIndex = 0;
  for (let match = PLURAL_START.exec(template); match; match = PLURAL_START.exec(template)) {
    const forms = new Map<string, string>();
    let at = PLURAL_START.lastIndex;
    while (template[at] !== '}') {
      const selector = /^\s*(=\d+|zero|one|two|few|many|other)\s*\{/.exec(template.slice(at));
      if (!selector) throw new Error(`Malformed plural block in "${template}"`);
      const open = at + selector[0].length;
      const close = matchingBrace(template, open);
      forms.set(firstGroup(selector), template.slice(open, close));
      at = close + 1;
      while (template[at] === ' ') at += 1;
    }
    const n = count(firstGroup(match));
    const form = n === null ? undefined : (forms.get(`=${n}`) ?? forms.get(rules.select(n)) ?? forms.get('other'));
    result +=
      template.slice(from, match.index) +
      (form === undefined || n === null ? template.slice(match.index, at + 1) : form.replace(/#/g, format(n)));
    from = at + 1;
    PLURAL_START.lastIndex = from;
  }
  return result + template.slice(from);
}

/** The first group of a match: in these patterns it takes part whenever the pattern matches. */
function firstGroup(match: RegExpExecArray): string {
  const group = match[1];
  if (group === undefined) throw new Error(`No group in "${match[0]}"`);
  return group;
}

/** The index of the brace closing the one opened just before `from`. */
function matchingBrace(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i += 1) {
    if (text[i] === '{') depth += 1;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  throw new Error(`Unclosed brace in "${text}"`);
}

/** The preferred of our languages in an Accept-Language header; Spanish when it asks for neither. */
export function negotiateLanguage(acceptLanguage: string | undefined): Language {
  if (!acceptLanguage) return 'es';
  const ranked = acceptLanguage
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { base: tag.toLowerCase().split('-')[0] ?? '', quality: q ? Number(q.slice(2)) || 0 : 1, index };
    })
    .filter((entry) => entry.quality > 0 && isLanguage(entry.base))
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  const best = ranked[0]?.base;
  return isLanguage(best) ? best : 'es';
}

export const ECUADOR_TIME_ZONE = 'America/Guayaquil';

/** A stored value that is not a valid date is shown as it is written, never thrown on. */
function formatOrAsIs(format: Intl.DateTimeFormat, value: Date, written: string): string {
  return Number.isNaN(value.getTime()) ? written : format.format(value);
}

export function formatters(language: Language) {
  const locale = LOCALES[language];
  const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const decimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const usd = new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
  const dateTime = new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: ECUADOR_TIME_ZONE,
  });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: ECUADOR_TIME_ZONE });
  const list = new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' });
  const score = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const twoDecimals = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return {
    integer: (n: number) => integer.format(n),
    decimal: (n: number) => decimal.format(n),
    usd: (n: number) => usd.format(n),
    dateTime: (iso: string) => formatOrAsIs(dateTime, new Date(iso), iso),
    date: (iso: string) => formatOrAsIs(date, new Date(iso), iso),
    /** A calendar day ("2026-11-24") as the locale writes it. */
    day: (day: string) => formatOrAsIs(date, new Date(`${day}T12:00:00-05:00`), day),
    list: (items: string[]) => list.format(items),
    /** Scores are computed unrounded and shown with one decimal. */
    score: (n: number) => score.format(n),
    ratio: (n: number) => twoDecimals.format(n),
  };
}
