import type { Kysely } from 'kysely';
import type { Database } from '../database/schema.js';

export interface Territory {
  id: number;
  code: string;
  nameEs: string;
  nameEn: string;
  province: string;
  isBorderCrossing: boolean;
}

export interface AssistanceType {
  id: number;
  code: string;
  nameEs: string;
  nameEn: string;
  parentId: number | null;
}

export async function listTerritories(db: Kysely<Database>): Promise<Territory[]> {
  const rows = await db
    .selectFrom('territories')
    .select(['id', 'code', 'nameEs', 'nameEn', 'province', 'isBorderCrossing'])
    .orderBy('sortOrder')
    .execute();
  return rows.map((row) => ({ ...row, isBorderCrossing: row.isBorderCrossing === 1 }));
}

export async function listAssistanceTypes(db: Kysely<Database>): Promise<AssistanceType[]> {
  return db
    .selectFrom('assistanceTypes')
    .select(['id', 'code', 'nameEs', 'nameEn', 'parentId'])
    .orderBy('sortOrder')
    .execute();
}

/** The ids among `ids` that name no row of the table. */
export async function unknownIds(
  db: Kysely<Database>,
  table: 'territories' | 'assistanceTypes',
  ids: number[],
): Promise<number[]> {
  if (ids.length === 0) return [];
  const found = await db.selectFrom(table).select('id').where('id', 'in', ids).execute();
  const known = new Set(found.map((row) => row.id));
  return ids.filter((id) => !known.has(id));
}
