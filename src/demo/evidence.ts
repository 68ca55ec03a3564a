// Demo evidence: response events over the last two years (small partners generally faster, some
// pending and overdue), performance reviews, and a few flags including one open red flag.
import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../database/schema.js';
import { responseHoursBetween } from '../evidence/repository.js';
import type { SeededRandom } from '../shared/random.js';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
const FLUSH_AT = 4000;

interface DemoPartnerRow {
  id: number;
  staffCount: number;
  territoryIds: number[];
  assistanceTypeIds: number[];
}

function normal(random: SeededRandom): number {
  // Box–Muller: a standard normal deviate from two uniform ones.
  const u = Math.max(random.next(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.next());
}

/** Typical response hours by size: micro and small partners answer in about a day or two. */
function typicalHours(staff: number): number {
  if (staff < 10) return 26;
  if (staff < 50) return 40;
  if (staff < 200) return 90;
  return 150;
}

export async function insertDemoEvidence(
  trx: Kysely<Database>,
  random: SeededRandom,
  partners: DemoPartnerRow[],
  options: { events: number; now: Date; allTerritoryIds: number[]; allAssistanceTypeIds: number[] },
): Promise<{ events: number; reviews: number; flags: number }> {
  const now = options.now.getTime();
  const stamp = options.now.toISOString();
  const perPartner = options.events / Math.max(1, partners.length);
  let buffer: Insertable<Database['responseEvents']>[] = [];
  let events = 0;
  const flush = async () => {
    for (let i = 0; i < buffer.length; i += 500)
      await trx
        .insertInto('responseEvents')
        .values(buffer.slice(i, i + 500))
        .execute();
    events += buffer.length;
    buffer = [];
  };

  for (const partner of partners) {
    const count = Math.max(0, Math.round(perPartner * (0.3 + random.next() * 1.4)));
    const mu = Math.log(typicalHours(partner.staffCount));
    for (let i = 0; i < count; i++) {
      const requested = now - random.next() * 730 * DAY_MS - HOUR_MS;
      const hours = Math.min(2000, Math.max(1, Math.exp(mu + 0.6 * normal(random))));
      const delivered = requested + hours * HOUR_MS;
      const pending = random.chance(0.03) || delivered > now;
      const requestedAt = new Date(requested).toISOString();
      const firstAssistanceAt = pending ? null : new Date(delivered).toISOString();
      buffer.push({
        partnerId: partner.id,
        territoryId: random.chance(0.96) ? random.pick(partner.territoryIds) : random.pick(options.allTerritoryIds),
        assistanceTypeId: random.chance(0.96)
          ? random.pick(partner.assistanceTypeIds)
          : random.pick(options.allAssistanceTypeIds),
        requestedAt,
        firstAssistanceAt,
        responseHours: responseHoursBetween(requestedAt, firstAssistanceAt),
        peopleAssisted: random.int(10, partner.staffCount >= 50 ? 3000 : 600),
        notes: null,
        createdAt: stamp,
        updatedAt: stamp,
      });
    }
    if (buffer.length >= FLUSH_AT) await flush();
  }
  await flush();

  // Reviews: about two in three partners have had one or more quarterly reviews.
  const reviewRows: {
    partnerId: number;
    periodStart: string;
    periodEnd: string;
    rating: number;
    notes: null;
    createdAt: string;
    updatedAt: string;
  }[] = [];
  for (const partner of partners) {
    if (!random.chance(0.65)) continue;
    const quarters = random.int(1, 4);
    for (let q = 0; q < quarters; q++) {
      const end = now - (q * 91 + random.int(5, 40)) * DAY_MS;
      const start = end - 90 * DAY_MS;
      const small = partner.staffCount < 50;
      reviewRows.push({
        partnerId: partner.id,
        periodStart: new Date(start).toISOString().slice(0, 10),
        periodEnd: new Date(end).toISOString().slice(0, 10),
        rating: small
          ? random.weighted([
              [3, 2],
              [4, 5],
              [5, 3],
            ] as const)
          : random.weighted([
              [2, 1],
              [3, 4],
              [4, 4],
              [5, 1],
            ] as const),
        notes: null,
        createdAt: stamp,
        updatedAt: stamp,
      });
    }
  }
  for (let i = 0; i < reviewRows.length; i += 500)
    await trx
      .insertInto('performanceReviews')
      .values(reviewRows.slice(i, i + 500))
      .execute();
  const reviews = reviewRows.length;

  // Flags: a few observations and risks, one resolved red flag, and one open red flag.
  const flagRows: Insertable<Database['flags']>[] = [];
  const flagged = random.sample(partners, Math.max(3, Math.round(partners.length * 0.06)));
  flagged.forEach((partner, i) => {
    const level = i === 0 ? 'red' : i === 1 ? 'red' : random.chance(0.6) ? 'observation' : 'risk';
    const resolved = i === 1 || (i > 1 && random.chance(0.4));
    flagRows.push({
      partnerId: partner.id,
      level,
      category:
        i === 0 ? 'financial' : random.pick(['operational', 'compliance', 'reputational', 'financial', 'other']),
      comment:
        i === 0
          ? 'Informe financiero trimestral con diferencias sin explicar.'
          : 'Seguimiento acordado en la visita de monitoreo.',
      status: resolved ? 'resolved' : 'open',
      resolution: resolved ? 'Documentación recibida y verificada.' : null,
      raisedBy: 'oficial@demo.cartera.ec',
      raisedAt: new Date(now - random.int(20, 300) * DAY_MS).toISOString(),
      resolvedBy: resolved ? 'compras@demo.cartera.ec' : null,
      resolvedAt: resolved ? new Date(now - random.int(1, 19) * DAY_MS).toISOString() : null,
      updatedAt: stamp,
    });
  });
  for (let i = 0; i < flagRows.length; i += 500)
    await trx
      .insertInto('flags')
      .values(flagRows.slice(i, i + 500))
      .execute();
  return { events, reviews, flags: flagRows.length };
}
