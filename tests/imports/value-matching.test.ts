// List values in the office's own words: exact names forgiving accents, case, spacing, punctuation
// and filler words; the vocabulary's synonyms in both languages; near misses with a confidence;
// and the value answers of one import (confirmed, remembered, rejected) — nothing read silently.
import { describe, expect, it } from 'vitest';
import { ORGANIZATION_TYPES, PARTNER_STATUSES } from '../../src/partners/partner.js';
import { AGREEMENT_STATUSES, DECISION_KINDS } from '../../src/portfolio/rules.js';
import { FLAG_CATEGORIES, FLAG_LEVELS } from '../../src/evidence/schemas.js';
import { LOCALIZATION_CATEGORIES } from '../../src/partners/partner.js';
import { prepareValueLists } from '../../src/imports/records/lookups.js';
import { testApp } from '../helpers/app.js';
import { en, es } from '../../src/i18n/index.js';
import { AUTO_MATCH, SUGGEST_FROM, optionList, recordList, valueKey } from '../../src/imports/values/value-list.js';
import { ValueResolver, rememberKey } from '../../src/imports/values/value-mapping.js';
import { SYNONYMS } from '../../src/imports/values/vocabulary.js';

const labels = (prefix: string) => (code: string) => ({
  es: (es as Record<string, string>)[`${prefix}.${code}`] ?? code,
  en: (en as Record<string, string>)[`${prefix}.${code}`] ?? code,
});
const types = optionList('organizationType', ORGANIZATION_TYPES, labels('organizationType'));
const territories = recordList('territory', [
  { id: 1, code: 'quito', nameEs: 'Quito', nameEn: 'Quito' },
  { id: 2, code: 'tulcan', nameEs: 'Tulcán', nameEn: 'Tulcán' },
  { id: 4, code: 'lago_agrio', nameEs: 'Lago Agrio (Nueva Loja)', nameEn: 'Lago Agrio (Nueva Loja)' },
  { id: 6, code: 'guayaquil', nameEs: 'Guayaquil', nameEn: 'Guayaquil' },
  { id: 7, code: 'manta', nameEs: 'Manta', nameEn: 'Manta' },
]);

describe('list values in the office’s words', () => {
  it.each([
    ['ONG local', 'national_ngo'],
    ['ong  NACIONAL', 'national_ngo'],
    ['organización de base', 'cbo'],
    ['Org. comunitaria', 'cbo'],
    ['OBF', 'faith_based'],
    ['Iglesia', 'faith_based'],
    ['Faith-based organization', 'faith_based'],
    ['Cruz Roja', 'red_cross_red_crescent'],
    ['GAD municipal', undefined],
    ['Municipio', 'government'],
    ['INGO', 'international_ngo'],
    ['ONG internacional', 'international_ngo'],
    ['UN agency', 'un_agency'],
  ])('organization type %j → %j', (text, code) => {
    expect(types.exact(text)?.code).toBe(code);
  });

  it('reads short forms of place names', () => {
    expect(territories.exact('UIO')?.value).toBe(1);
    expect(territories.exact('GYE')?.value).toBe(6);
    expect(territories.exact('nueva loja')?.value).toBe(4);
    expect(territories.exact('TULCAN')?.value).toBe(2);
  });

  it('ignores accents, case, spacing, punctuation and filler words in the key', () => {
    expect(valueKey('  Organización   de  Base ')).toBe('organizacion base');
    expect(valueKey('Org. de base')).toBe('organizacion base');
  });

  it('never lets a synonym take another value’s own label', () => {
    // "Cerrado" is a synonym of archived partners, never of another status's label.
    const statuses = optionList('partnerStatus', PARTNER_STATUSES, labels('status'));
    expect(statuses.exact('Activo')?.code).toBe('active');
    expect(statuses.exact('dado de baja')?.code).toBe('archived');
  });

  it('covers every list an import or a later file can carry, in both languages', () => {
    const lists = [
      optionList('agreementStatus', AGREEMENT_STATUSES, labels('agreementStatus')),
      optionList('flagLevel', FLAG_LEVELS, labels('flagLevel')),
      optionList('flagCategory', FLAG_CATEGORIES, labels('flagCategory')),
      optionList('decisionKind', DECISION_KINDS, labels('decisionKind')),
    ];
    const [agreements, levels, categories, decisions] = lists;
    expect(agreements?.exact('En ejecución')?.code).toBe('active');
    expect(agreements?.exact('finished')?.code).toBe('closed');
    expect(levels?.exact('grave')?.code).toBe('red');
    expect(levels?.exact('amber')?.code).toBe('risk');
    expect(categories?.exact('PSEA')?.code).toBe('sea');
    expect(decisions?.exact('renovación')?.code).toBe('renew');
  });

  it('names only values its lists hold (options, and the seeded territories and assistance types)', async () => {
    const { db } = await testApp();
    const lists = await prepareValueLists(db);
    const codes: Record<keyof typeof SYNONYMS, readonly string[]> = {
      organizationType: ORGANIZATION_TYPES,
      localizationCategory: LOCALIZATION_CATEGORIES,
      partnerStatus: PARTNER_STATUSES,
      agreementStatus: AGREEMENT_STATUSES,
      territory: lists.territories.entries.map((e) => e.code),
      assistanceType: lists.assistanceTypes.entries.map((e) => e.code),
      rating: ['1', '2', '3', '4', '5'],
      flagLevel: FLAG_LEVELS,
      flagCategory: FLAG_CATEGORIES,
      decisionKind: DECISION_KINDS,
    };
    for (const [list, byCode] of Object.entries(SYNONYMS))
      for (const code of Object.keys(byCode)) expect(codes[list as keyof typeof SYNONYMS]).toContain(code);
  });
});

describe('near misses', () => {
  it('takes a close typo above the threshold, with its confidence', () => {
    const read = types.resolve('Organizacion basada en la fee');
    expect(read).toMatchObject({ kind: 'near', code: 'faith_based' });
    expect(read.kind === 'near' && read.confidence).toBeGreaterThanOrEqual(AUTO_MATCH);
  });

  it('suggests, without taking, a match below the threshold', () => {
    const read = territories.resolve('Tulcn');
    expect(read).toEqual({ kind: 'unknown', suggestion: { code: 'tulcan', confidence: 0.83 } });
  });

  it('suggests nothing for a value far from every name', () => {
    expect(territories.resolve('Marte')).toEqual({ kind: 'unknown', suggestion: null });
    expect(SUGGEST_FROM).toBeGreaterThan(0.6);
  });

  it('never matches short codes by similarity', () => {
    expect(types.resolve('UNX')).toEqual({ kind: 'unknown', suggestion: null });
  });
});

describe('one import’s value answers', () => {
  it('lists each value not read exactly once, with its rows and the first row', () => {
    const resolver = new ValueResolver();
    for (const [row, text] of [
      [2, 'Tulcn'],
      [3, 'Quito'],
      [4, 'Tulcn'],
      [5, 'tulcn'],
    ] as const)
      resolver.read('territory', territories, text, row);
    expect(resolver.unrecognized()).toEqual([
      expect.objectContaining({ field: 'territory', value: 'Tulcn', rows: 3, firstRow: 2, status: 'unconfirmed' }),
    ]);
  });

  it('reads a confirmed value, a remembered one and refuses a rejected one', () => {
    const resolver = new ValueResolver(
      { territory: { tulcn: 'tulcan', marte: null } },
      new Map([[rememberKey('territory', 'territory', 'ciudad capital'), 'quito']]),
    );
    expect(resolver.read('territory', territories, 'Tulcn', 2)).toEqual({ ok: true, value: 2 });
    expect(resolver.read('territory', territories, 'Ciudad capital', 3)).toEqual({ ok: true, value: 1 });
    expect(resolver.read('territory', territories, 'Marte', 4)).toMatchObject({ ok: false, rejected: true });
    expect(resolver.unrecognized().map((v) => [v.value, v.status, v.code])).toEqual([
      ['Tulcn', 'confirmed', 'tulcan'],
      ['Ciudad capital', 'remembered', 'quito'],
      ['Marte', 'rejected', null],
    ]);
  });

  it('lists a value taken by similarity too, so it is never silent', () => {
    const resolver = new ValueResolver();
    expect(resolver.read('organizationType', types, 'Organizacion basada en la fee', 7)).toEqual({
      ok: true,
      value: 'faith_based',
    });
    expect(resolver.unrecognized()).toEqual([expect.objectContaining({ status: 'auto', code: 'faith_based' })]);
  });
});
