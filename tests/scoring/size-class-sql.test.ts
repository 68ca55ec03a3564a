// The size class has one rule in TypeScript (sizeClassOf, isSmallStaff) and its twin in SQL
// (sizeClassSql, isSmallSql): for every band set and small-class choice they must agree.
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { emptyDatabase } from '../helpers/test-database.js';
import { isSmallSql, sizeClassSql } from '../../src/partners/size-class-sql.js';
import {
  COPCI_CLASSIFICATION,
  COPCI_SIZE_BANDS,
  type SizeBands,
  type SizeClass,
  isSmallStaff,
  sizeClassOf,
} from '../../src/partners/size-class.js';
import { DEFAULT_PARAMETERS, V1_PARAMETERS } from '../../src/scoring/methodology.js';

const { db } = await emptyDatabase();

const BAND_SETS: [string, SizeBands][] = [
  ['COPCI', COPCI_SIZE_BANDS],
  ['narrower', { smallMin: 5, mediumMin: 25, largeMin: 100 }],
  ['one apart', { smallMin: 1, mediumMin: 2, largeMin: 3 }],
];
const SMALL_CLASS_SETS: SizeClass[][] = [
  ['micro', 'small'],
  ['micro'],
  ['small'],
  ['micro', 'medium'],
  ['medium', 'large'],
  ['micro', 'small', 'medium', 'large'],
  [],
];

/** Every band edge and its neighbours, and headcounts well inside and beyond the bands. */
function headcounts(bands: SizeBands): number[] {
  const edges = [0, bands.smallMin, bands.mediumMin, bands.largeMin].flatMap((n) => [n - 1, n, n + 1]);
  return [...new Set([...edges, 7, 30, 120, 250, 5000, 1_000_000])].sort((a, b) => a - b);
}

async function inSql(staff: number, bands: SizeBands, smallClasses: SizeClass[]) {
  const staffCount = sql.lit(staff);
  const row = await db
    .selectNoFrom([
      sizeClassSql(staffCount, bands).as('sizeClass'),
      sql<number>`case when ${isSmallSql(staffCount, { sizeBands: bands, smallClasses })} then 1 else 0 end`.as(
        'small',
      ),
    ])
    .executeTakeFirstOrThrow();
  return { sizeClass: row.sizeClass, small: row.small === 1 };
}

describe('the size class in SQL agrees with sizeClassOf', () => {
  describe.each(BAND_SETS)('%s bands', (_name, bands) => {
    it.each(SMALL_CLASS_SETS.map((classes) => [classes.join(', ') || 'no class', classes] as const))(
      'small partner = %s',
      async (_label, smallClasses) => {
        for (const staff of headcounts(bands)) {
          expect({ staff, ...(await inSql(staff, bands, smallClasses)) }).toEqual({
            staff,
            sizeClass: sizeClassOf(staff, bands),
            small: isSmallStaff(staff, { sizeBands: bands, smallClasses }),
          });
        }
      },
    );
  });

  it('classifies with the methodology defaults, which are the legal COPCI bands', () => {
    expect(V1_PARAMETERS.sizeBands).toEqual(COPCI_SIZE_BANDS);
    expect(DEFAULT_PARAMETERS.sizeBands).toEqual(COPCI_SIZE_BANDS);
    expect(DEFAULT_PARAMETERS.smallClasses).toEqual(COPCI_CLASSIFICATION.smallClasses);
  });

  it('asks for a small partner as one headcount range an index answers', () => {
    const { sql: text } = db
      .selectFrom('partners')
      .select('id')
      .where(isSmallSql(sql.ref('partners.staffCount'), COPCI_CLASSIFICATION))
      .compile();
    expect(text).toContain('"partners"."staff_count" <= 49');
    expect(text).not.toContain(' or ');
  });

  it('refuses a band that is not a whole headcount rather than write it into a query', () => {
    expect(() => sizeClassSql(sql.lit(3), { smallMin: 9.5, mediumMin: 50, largeMin: 200 })).toThrow(/whole headcount/);
  });
});
