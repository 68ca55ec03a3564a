import { describe, expect, it } from 'vitest';
import { type Language, type MessageKey, en, es, isMessageKey, translator } from '../../src/i18n/index.js';

// Words that may follow a number without being the counted noun: units, prepositions, "more".
const NOT_A_NOUN = new Set([
  'h',
  'de',
  'o',
  'a',
  'al',
  'el',
  'en',
  'y',
  'por',
  'para',
  'frente',
  'más',
  'ya',
  'cuando',
  'junto',
]);
// The methodology page explains its parameters (365-day windows, 10-person bands); its helper owns those texts.
const OWNED_ELSEWHERE = /^methodology\.explain\./;

const pluralParameters = (text: string) => [...text.matchAll(/\{(\w+), *plural,/g)].map((m) => m[1]!);
/** Parameters written straight before a noun in Spanish ("{count} banderas"), so they need plural forms. */
const countsBeforeNouns = (text: string) =>
  [...text.matchAll(/\{(\w+)\}[ \u00a0]+(\p{L}+)/gu)]
    .filter((m) => !NOT_A_NOUN.has(m[2]!.toLowerCase()))
    .map((m) => m[1]!);

const countBearing = Object.keys(es)
  .filter(isMessageKey)
  .filter((key) => !OWNED_ELSEWHERE.test(key))
  .map((key) => {
    const spanish = es[key];
    const english = en[key];
    const counts = [
      ...new Set([...pluralParameters(spanish), ...pluralParameters(english), ...countsBeforeNouns(spanish)]),
    ];
    return { key, counts };
  })
  .filter(({ counts }) => counts.length > 0);

const simpleParameters = (text: string) =>
  [...text.matchAll(/(?<!(?:zero|one|two|few|many|other|=\d+) )\{(\w+)\}/g)].map((m) => m[1]!);
/** Every other parameter of the message filled with "X", the counts with n. */
const sampleParams = (key: MessageKey, counts: string[], n: number) => ({
  ...Object.fromEntries([...simpleParameters(es[key]), ...simpleParameters(en[key])].map((p) => [p, 'X'])),
  ...Object.fromEntries(counts.map((c) => [c, n])),
});
const withoutDigits = (text: string) => text.replace(/\d+/g, 'N');

describe('count-bearing messages', () => {
  it('finds the messages where a count meets a noun', () => {
    expect(countBearing.map((m) => m.key)).toEqual(
      expect.arrayContaining([
        'finder.openFlags',
        'targets.perTerritory',
        'lists.count',
        'audit.count',
        'alerts.ending',
      ]),
    );
  });

  it.each(countBearing)('$key has plural forms for its count in Spanish', ({ key, counts }) => {
    expect(pluralParameters(es[key]).sort()).toEqual([...counts].sort());
  });

  it.each(countBearing)('$key reads right at 0, 1 and 2 in both languages', ({ key, counts }) => {
    let singularDiffers = false;
    for (const language of ['es', 'en'] as Language[]) {
      const t = translator(language);
      const [zero, one, two] = [0, 1, 2].map((n) => t(key, sampleParams(key, counts, n)));
      // A singular form may say the one in words ("el último día"); every other form shows its count.
      const spellsOne = /one \{[^#{}]*\}/.test((language === 'es' ? es : en)[key]);
      for (const [n, text] of [
        [0, zero],
        [1, one],
        [2, two],
      ] as const) {
        expect(text, `${language} ${n}`).not.toMatch(/[{}#]/);
        if (n !== 1 || !spellsOne) expect(text, `${language} ${n}`).toMatch(new RegExp(`(^|\\D)${n}(\\D|$)`));
      }
      // Zero takes the plural in both languages.
      expect(withoutDigits(zero!), language).toBe(withoutDigits(two!));
      if (withoutDigits(one!) !== withoutDigits(two!)) singularDiffers = true;
    }
    expect(singularDiffers, 'the singular reads differently from the plural').toBe(true);
  });

  it.each([
    ['es', 'finder.openFlags', { count: 1 }, '1 bandera abierta'],
    ['es', 'finder.openFlags', { count: 2 }, '2 banderas abiertas'],
    ['en', 'finder.openFlags', { count: 1 }, '1 open flag'],
    ['en', 'finder.openFlags', { count: 0 }, '0 open flags'],
    ['es', 'targets.perTerritory', { min: 1 }, 'al menos 1 socio pequeño ágil en la cartera en cada territorio'],
    ['es', 'targets.perTerritory', { min: 3 }, 'al menos 3 socios pequeños ágiles en la cartera en cada territorio'],
    ['en', 'targets.perTerritory', { min: 1 }, 'at least 1 small agile partner in the portfolio in each territory'],
    ['es', 'lists.count', { total: 1 }, '1 registro'],
    ['es', 'lists.count', { total: 1500 }, '1.500 registros'],
    ['es', 'lists.count', { total: '1.500' }, '1.500 registros'],
    ['en', 'lists.count', { total: '1,500' }, '1,500 records'],
    ['es', 'alerts.ending', { days: 1, date: '2 dic 2026' }, 'Termina en 1 día (2 dic 2026)'],
    ['en', 'alerts.lapsed', { days: 1, date: 'Dec 2, 2026' }, 'Left 1 day ago (Dec 2, 2026)'],
    ['es', 'reason.notSmall', { size: 'mediano', staff: 1 }, 'Socio de tamaño mediano (1 persona)'],
    [
      'es',
      'receipt.why.declared',
      { count: 1, window: 365, min: 3, hours: 24 },
      '1 evento en los últimos 365 días; se necesitan 3, así que cuenta el tiempo declarado de 24 h.',
    ],
    [
      'es',
      'next.events',
      { count: 1, hours: 24, to: 'Mantener' },
      '1 respuesta más entregada en 24 h o menos la llevaría a «Mantener».',
    ],
    ['en', 'receipt.why.quality', { count: 1, window: 1 }, 'Mean of 1 review whose period ended in the last day.'],
  ] as const)('%s %s %j → %s', (language, key, params, expected) => {
    expect(translator(language)(key, params)).toBe(expected);
  });

  it('says the size class with the masculine adjective that agrees with "tamaño"', () => {
    const t = translator('es');
    expect((['micro', 'small', 'medium', 'large'] as const).map((s) => t(`reason.sizeAdjective.${s}`))).toEqual([
      'micro',
      'pequeño',
      'mediano',
      'grande',
    ]);
  });

  it('leaves a plural block without its count visible instead of guessing', () => {
    expect(translator('en')('finder.openFlags', { other: 1 })).toBe(
      '{count, plural, one {# open flag} other {# open flags}}',
    );
  });
});
