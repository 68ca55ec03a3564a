// Frozen in time: this migration never imports app code. PRODUCT.md's methodology version 2,
// "BPI_GN — evidence first": every v1 parameter plus four evidence rules. A new database activates
// it (v1 stays in the history, superseded); a database already scoring partners under v1 receives
// it as a draft for procurement to preview and activate. Scores gain the `verified` mark.
import { type Kysely, sql } from 'kysely';

const EVIDENCE_FIRST = {
  sizeBands: { smallMin: 10, mediumMin: 50, largeMin: 200 },
  sizeScores: { micro: 100, small: 80, medium: 30, large: 0 },
  smallClasses: ['micro', 'small'],
  response: { bestHours: 24, worstHours: 336, windowDays: 365, minEvents: 3 },
  adminSteps: { best: 2, worst: 10 },
  quality: { windowDays: 730 },
  agilityWeights: { response: 0.6, adminSteps: 0.4 },
  weights: { size: 0.3, response: 0.3, adminSteps: 0.2, quality: 0.2 },
  agileThreshold: 60,
  recommendation: { minCompleteness: 0.6, keepPriorityMin: 70, keepMin: 50 },
  evidence: { blendDeclared: true, declaredScoreCap: 60, neutralScore: 50, priorityNeedsVerified: true },
};
const NAME = 'BPI_GN — evidence first';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('partner_scores')
    .addColumn('verified', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  const count = async (table: string) =>
    Number(
      (
        await db
          .selectFrom(table)
          .select(sql<number>`count(*)`.as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const isNew = (await count('partners')) === 0;
  const hasDraft =
    (await db.selectFrom('methodologies').select('id').where('status', '=', 'draft').executeTakeFirst()) !== undefined;
  // A draft someone is working on is theirs: it is left alone, and the evidence rules can be added to it.
  if (!isNew && hasDraft) return;
  const latest = await db
    .selectFrom('methodologies')
    .select(sql<number>`max(version)`.as('v'))
    .executeTakeFirstOrThrow();
  const now = new Date().toISOString();
  if (isNew) await db.updateTable('methodologies').set({ status: 'retired' }).where('status', '=', 'active').execute();
  await db
    .insertInto('methodologies')
    .values({
      version: Number(latest.v ?? 0) + 1,
      name: NAME,
      status: isNew ? 'active' : 'draft',
      parameters: JSON.stringify(EVIDENCE_FIRST),
      rationale: isNew ? 'PRODUCT.md methodology version 2: measured evidence before declarations' : null,
      created_by: 'system',
      created_at: now,
      activated_by: isNew ? 'system' : null,
      activated_at: isNew ? now : null,
    })
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('methodologies').where('name', '=', NAME).where('created_by', '=', 'system').execute();
  const active = await db.selectFrom('methodologies').select('id').where('status', '=', 'active').executeTakeFirst();
  if (!active) await db.updateTable('methodologies').set({ status: 'active' }).where('version', '=', 1).execute();
  await db.schema.alterTable('partner_scores').dropColumn('verified').execute();
}
