// The size class rule in SQL, the twin of `sizeClassOf` and `smallStaffRanges` (size-class.ts), for
// queries that count or group partners by size without reading them: the same bands give the same
// class in both (tests/scoring/size-class-sql.test.ts holds them to it).
import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
import {
  type SizeBands,
  type SizeClass,
  type SizeClassification,
  type StaffRange,
  smallStaffRanges,
} from './size-class.js';

/** A band as an SQL literal: bands are whole headcounts, checked here since they are written into the query. */
function headcount(value: number): RawBuilder<number> {
  if (!Number.isSafeInteger(value)) throw new Error(`a size band must be a whole headcount, not ${value}`);
  return sql.lit(value);
}

/** The size class of a staff headcount: 'micro', 'small', 'medium' or 'large'. */
export function sizeClassSql(staffCount: Expression<number>, bands: SizeBands): RawBuilder<SizeClass> {
  return sql<SizeClass>`case when ${staffCount} >= ${headcount(bands.largeMin)} then 'large' when ${staffCount} >= ${headcount(bands.mediumMin)} then 'medium' when ${staffCount} >= ${headcount(bands.smallMin)} then 'small' else 'micro' end`;
}

/** Whether a staff headcount makes a small partner, as headcount ranges an index can answer ("≤ 49" by default). */
export function isSmallSql(staffCount: Expression<number>, classification: SizeClassification): RawBuilder<SqlBool> {
  const within = ({ min, max }: StaffRange): RawBuilder<SqlBool> => {
    if (min !== null && max !== null)
      return sql<SqlBool>`${staffCount} between ${headcount(min)} and ${headcount(max)}`;
    if (min !== null) return sql<SqlBool>`${staffCount} >= ${headcount(min)}`;
    if (max !== null) return sql<SqlBool>`${staffCount} <= ${headcount(max)}`;
    return sql<SqlBool>`1 = 1`;
  };
  const [first, ...more] = smallStaffRanges(classification).map(within);
  if (!first) return sql<SqlBool>`1 = 0`;
  return more.length === 0 ? first : sql<SqlBool>`(${sql.join([first, ...more], sql` or `)})`;
}
