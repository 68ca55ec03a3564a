import { describe, expect, it } from 'vitest';
import {
  MESSAGE_MODULES,
  en,
  es,
  isMessageKey,
  labelKey,
  negotiateLanguage,
  translator,
} from '../../src/i18n/index.js';

// Parameters, simple or plural; a plural form's text ("one {day}") is not a parameter.
const placeholders = (text: string) =>
  [
    ...new Set(
      [...text.matchAll(/(?<!(?:zero|one|two|few|many|other|=\d+) )\{(\w+)(\}|, *plural,)/g)].map((m) => m[1]),
    ),
  ].sort();

describe('translations', () => {
  it('every Spanish key has an English text and every English key a Spanish one', () => {
    const missingInEnglish = Object.keys(es).filter((key) => !Object.hasOwn(en, key));
    const missingInSpanish = Object.keys(en).filter((key) => !Object.hasOwn(es, key));
    expect({ missingInEnglish, missingInSpanish }).toEqual({ missingInEnglish: [], missingInSpanish: [] });
  });

  it('both languages fill in the same placeholders and leave no text empty', () => {
    for (const [key, spanish] of Object.entries(es)) {
      const english = (en as Record<string, string>)[key] ?? '';
      expect(english.trim(), key).not.toBe('');
      expect(placeholders(english), key).toEqual(placeholders(spanish));
    }
  });

  it('defines each key in one feature module, and the dictionaries hold every module', () => {
    const modules = Object.entries(MESSAGE_MODULES);
    const owners = new Map<string, string[]>();
    for (const [name, messages] of modules)
      for (const key of Object.keys(messages.es)) owners.set(key, [...(owners.get(key) ?? []), name]);
    const inTwo = [...owners]
      .filter(([, names]) => names.length > 1)
      .map(([key, names]) => `${key}: ${names.join(', ')}`);
    expect(inTwo).toEqual([]);
    expect(Object.keys(es).sort()).toEqual([...owners.keys()].sort());
    for (const [name, messages] of modules) {
      expect(Object.keys(messages.en).sort(), name).toEqual(Object.keys(messages.es).sort());
      for (const [key, text] of Object.entries(messages.es)) expect(isMessageKey(key) && es[key], key).toBe(text);
      for (const [key, text] of Object.entries(messages.en)) expect(isMessageKey(key) && en[key], key).toBe(text);
    }
  });

  it('shows a stored code that has no message as its key, as an unknown key always was', () => {
    expect(translator('en')(labelKey('flagLevel', 'red'))).toBe('Red');
    expect(translator('en')(labelKey('flagLevel', 'purple'))).toBe('flagLevel.purple');
  });

  it('fills in parameters', () => {
    expect(translator('en')('partners.list.count', { total: 7 })).toBe('7 partners');
    expect(translator('es')('partners.list.count', { total: 7 })).toBe('7 socios');
  });
});

describe('language negotiation', () => {
  it.each([
    [undefined, 'es'],
    ['', 'es'],
    ['fr-FR,fr;q=0.9', 'es'],
    ['en-US,en;q=0.9', 'en'],
    ['es-EC,es;q=0.9,en;q=0.8', 'es'],
    ['fr,en;q=0.5,es;q=0.4', 'en'],
    ['es;q=0.2,en;q=0.8', 'en'],
  ])('Accept-Language %j → %s', (header, language) => {
    expect(negotiateLanguage(header)).toBe(language);
  });
});
