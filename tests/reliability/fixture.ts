// A small portfolio with one record of every kind, so that every route with an id reaches real
// data (and its validation) instead of stopping at 404; plus helpers shared by the suite.
import { createHash } from 'node:crypto';
import type { Express } from 'express';
import { sql } from 'kysely';
import request from 'supertest';
import { SYSTEM_ACTOR } from '../../src/audit/actor.js';
import type { Db } from '../../src/database/connect.js';
import { addReview, logEvent, raiseFlag } from '../../src/evidence/service.js';
import { createAgreement, recordDecision } from '../../src/portfolio/service.js';
import { addPartner, bearerFor, idsByCode, signedInAgent, testApp, userWithRole } from '../helpers/app.js';

export interface Portfolio {
  app: Express;
  db: Db;
  partnerId: number;
  agreementId: number;
  eventId: number;
  reviewId: number;
  flagId: number;
  decisionId: number;
  importId: number;
  /** A user the admin routes act on, so they never disturb the signed-in callers. */
  targetUserId: number;
  admin: { agent: request.Agent; csrf: string };
  adminBearer: string;
}

export async function portfolioApp(): Promise<Portfolio> {
  // No API rate limit: every hostile body reaches its route instead of a 429 (the limit has its own tests).
  const { app, db } = await testApp({ limits: { apiRequestsPerMinute: 0 } });
  const ids = await idsByCode(db);
  const partner = await addPartner(db, { name: 'Fundación Frontera Norte' });
  const { agreement } = await createAgreement(db, SYSTEM_ACTOR, {
    partnerId: partner.id,
    code: 'AC-2026-001',
    title: 'Convenio de albergue',
    startDate: '2026-01-01',
    endDate: '2026-12-31',
    amountUsd: 5000,
    territoryIds: [ids.territory.tulcan!],
    assistanceTypeIds: [ids.assistanceType.shelter!],
    status: 'active',
  });
  const requested = Date.now() - 3 * 86_400_000;
  const event = await logEvent(db, SYSTEM_ACTOR, partner.id, {
    territoryId: ids.territory.tulcan!,
    assistanceTypeId: ids.assistanceType.shelter!,
    requestedAt: new Date(requested).toISOString(),
    firstAssistanceAt: new Date(requested + 20 * 3_600_000).toISOString(),
    peopleAssisted: 30,
  });
  const review = await addReview(db, SYSTEM_ACTOR, partner.id, {
    periodStart: '2025-01-01',
    periodEnd: '2025-06-30',
    rating: 4,
  });
  const flag = await raiseFlag(db, SYSTEM_ACTOR, partner.id, {
    level: 'risk',
    category: 'operational',
    comment: 'Informe tardío',
  });
  const decision = await recordDecision(db, SYSTEM_ACTOR, partner.id, {
    kind: 'watch',
    rationale: 'Seguimiento trimestral del socio',
    agreementId: null,
    confirmExit: false,
  });
  const targetUserId = (await userWithRole(db, 'viewer')).user.id;
  const admin = await signedInAgent(app, db, 'admin');
  const adminBearer = await bearerFor(db, 'admin');
  const preview = await request(app)
    .post('/api/v1/imports?type=partners&dryRun=true')
    .set('Authorization', adminBearer)
    .attach(
      'file',
      Buffer.from(
        'Nombre;Tipo de organización;N° de colaboradores;Territorios;Sectores\r\nRed Solidaria;ONG nacional;5;Quito;Salud\r\n',
      ),
      'socios.csv',
    );
  if (preview.status !== 200) throw new Error(`import preview answered ${preview.status}`);
  return {
    app,
    db,
    partnerId: partner.id,
    agreementId: agreement.id,
    eventId: idOf(event),
    reviewId: idOf(review),
    flagId: idOf(flag),
    decisionId: idOf(decision),
    importId: preview.body.id as number,
    targetUserId,
    admin,
    adminBearer,
  };
}

function idOf(created: unknown): number {
  if (typeof created === 'number') return created;
  const record = created as {
    id?: number;
    event?: { id: number };
    review?: { id: number };
    flag?: { id: number };
    decision?: { id: number };
  };
  const id = record.id ?? record.event?.id ?? record.review?.id ?? record.flag?.id ?? record.decision?.id;
  if (typeof id !== 'number') throw new Error(`no id in ${JSON.stringify(created).slice(0, 200)}`);
  return id;
}

/** A concrete path for a route pattern, on the portfolio's own records. */
export function pathFor(pattern: string, p: Portfolio): string {
  return (
    pattern
      .replace(/^\/agreements\/:id/, `/agreements/${p.agreementId}`)
      .replace(/^\/api\/v1\/agreements\/:id/, `/api/v1/agreements/${p.agreementId}`)
      .replace(/^\/admin\/users\/:id/, `/admin/users/${p.targetUserId}`)
      .replace(/^\/imports\/:id/, `/imports/${p.importId}`)
      .replace(/^\/api\/v1\/imports\/:id/, `/api/v1/imports/${p.importId}`)
      // A token of nobody's: revoking it must never cut off the suite's own callers.
      .replace(/^\/account\/tokens\/:id/, '/account/tokens/999999')
      .replace(':target', 'smallShareMin')
      .replace(':file', 'socios.csv')
      .replace(':eventId', String(p.eventId))
      .replace(':reviewId', String(p.reviewId))
      .replace(':flagId', String(p.flagId))
      .replace(':decisionId', String(p.decisionId))
      .replace(':id', String(p.partnerId))
  );
}

/**
 * One hash per table of everything stored, bookkeeping of the request itself aside: sessions
 * (reading a page may touch one) and the API rate counts (every call is counted).
 */
export async function checksums(db: Db, skip: readonly string[] = []): Promise<Map<string, string>> {
  const tables = await sql<{
    name: string;
  }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(db);
  const sums = new Map<string, string>();
  for (const { name } of tables.rows) {
    if (name === 'sessions' || name === 'api_rate_counts' || skip.includes(name)) continue;
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(name)} order by rowid`.execute(db);
    // When a token was last used is bookkeeping of the request itself, not a change it made.
    const kept = rows.rows.map((row) => Object.entries(row).filter(([column]) => !/^last_?used_?at$/i.test(column)));
    sums.set(name, createHash('sha256').update(JSON.stringify(kept)).digest('hex'));
  }
  return sums;
}

/** Rows SQLite has inserted, updated or deleted on this connection so far: cheap to read. */
export async function totalChanges(db: Db): Promise<number> {
  const result = await sql<{ n: number }>`select total_changes() as n`.execute(db);
  return result.rows[0]!.n;
}

export function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...after.keys()].filter((name) => before.get(name) !== after.get(name));
}

// A stack frame, a source path, or an error class name: internals a user must never see.
const LEAK =
  /\bat [\w$.<>]+ \(|\bat (?:file:|\/)|node_modules|\/work\/|\/home\/|\/tmp\/|\bsrc\/[\w/-]+\.[tj]s\b|\.ts:\d+|SqliteError|\bTypeError\b|\bReferenceError\b|\bCsvError\b/;

/** The internals a response body gives away, if any. */
export function leakIn(body: string): string | null {
  const match = LEAK.exec(body);
  return match ? body.slice(Math.max(0, match.index - 60), match.index + 80) : null;
}
