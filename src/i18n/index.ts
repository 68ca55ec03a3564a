import { en } from './en.js';
import { es, type MessageKey } from './es.js';

export const LANGUAGES = ['es', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export type { MessageKey };

export const dictionaries: Record<Language, Record<MessageKey, string>> = { es, en };

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(es, key);
}

const LOCALES: Record<Language, string> = { es: 'es-EC', en: 'en-US' };

export type Translate = (key: string, params?: Record<string, string | number>) => string;

/** A translator for one language; an unknown key comes back as itself so a gap is visible, not fatal. */
export function translator(language: Language): Translate {
  const dictionary = dictionaries[language];
  const number = new Intl.NumberFormat(LOCALES[language], { maximumFractionDigits: 3 });
  const show = (value: string | number) => (typeof value === 'number' ? number.format(value) : value);
  return (key, params) => {
    const template = isMessageKey(key) ? dictionary[key] : key;
    return params ? template.replace(/\{(\w+)\}/g, (whole, name: string) => (params[name] === undefined ? whole : show(params[name]))) : template;
  };
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

export function formatters(language: Language) {
  const locale = LOCALES[language];
  const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const decimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const usd = new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: ECUADOR_TIME_ZONE });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: ECUADOR_TIME_ZONE });
  const list = new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' });
  const score = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const twoDecimals = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return {
    integer: (n: number) => integer.format(n),
    decimal: (n: number) => decimal.format(n),
    usd: (n: number) => usd.format(n),
    dateTime: (iso: string) => dateTime.format(new Date(iso)),
    date: (iso: string) => date.format(new Date(iso)),
    /** A calendar day ("2026-11-24") as the locale writes it. */
    day: (day: string) => date.format(new Date(`${day}T12:00:00-05:00`)),
    list: (items: string[]) => list.format(items),
    /** Scores are computed unrounded and shown with one decimal. */
    score: (n: number) => score.format(n),
    ratio: (n: number) => twoDecimals.format(n),
  };
}
