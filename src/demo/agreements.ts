// Demo agreements over the last three years: current ones (some ending soon), lapsed ones, and a
// few drafted follow-ons, so that alerts, balance and the finder show something on first start.
import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../database/schema.js';
import { addDays, daysBetween } from '../portfolio/rules.js';
import type { SeededRandom } from '../shared/random.js';
import { pairUp } from '../shared/arrays.js';

interface DemoPartnerRow {
  id: number;
  staffCount: number;
  territoryIds: number[];
  assistanceTypeIds: number[];
}

const TITLES = [
  'Asistencia humanitaria en frontera',
  'Protección a personas en movilidad',
  'Alojamiento temporal y kits',
  'Transferencias monetarias',
  'Salud comunitaria',
  'Integración socioeconómica',
  'Agua y saneamiento en albergues',
];

export async function insertDemoAgreements(
  trx: Kysely<Database>,
  random: SeededRandom,
  partners: DemoPartnerRow[],
  options: { agreements: number; today: string },
): Promise<number> {
  const perPartner = options.agreements / Math.max(1, partners.length);
  const stamp = new Date().toISOString();
  let serial = 0;
  let inserted = 0;
  let batch: { row: Insertable<Database['agreements']>; territoryIds: number[]; assistanceTypeIds: number[] }[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const ids = await trx
      .insertInto('agreements')
      .values(batch.map((b) => b.row))
      .returning('id')
      .execute();
    const linked = pairUp(batch, ids);
    const territories = linked.flatMap(([b, { id }]) =>
      b.territoryIds.map((territoryId) => ({ agreementId: id, territoryId })),
    );
    const types = linked.flatMap(([b, { id }]) =>
      b.assistanceTypeIds.map((assistanceTypeId) => ({ agreementId: id, assistanceTypeId })),
    );
    for (let i = 0; i < territories.length; i += 1000)
      await trx
        .insertInto('agreementTerritories')
        .values(territories.slice(i, i + 1000))
        .execute();
    for (let i = 0; i < types.length; i += 1000)
      await trx
        .insertInto('agreementAssistanceTypes')
        .values(types.slice(i, i + 1000))
        .execute();
    inserted += batch.length;
    batch = [];
  };

  for (const partner of partners) {
    // A quarter of partners never had an agreement; the rest share the requested total.
    const count = random.chance(0.25) ? 0 : Math.max(1, Math.round((perPartner / 0.75) * (0.5 + random.next())));
    // Consecutive agreements ending somewhere between a year ago and a year from now.
    let end = addDays(options.today, random.int(-400, 420));
    const chain: { start: string; end: string }[] = [];
    for (let i = 0; i < count; i++) {
      const length = random.int(180, 540);
      chain.unshift({ start: addDays(end, -length), end });
      end = addDays(end, -length - random.int(1, 60));
    }
    const large = partner.staffCount >= 50;
    for (const { start, end: finish } of chain) {
      const current = start <= options.today && options.today <= finish;
      const future = start > options.today;
      const status = future ? 'draft' : current ? 'active' : random.chance(0.05) ? 'cancelled' : 'closed';
      const targeted = random.int(100, large ? 20000 : 3000);
      const elapsed = Math.min(
        1,
        Math.max(0, daysBetween(start, options.today) / Math.max(1, daysBetween(start, finish))),
      );
      serial++;
      batch.push({
        row: {
          partnerId: partner.id,
          code: `AC-${start.slice(0, 4)}-${String(serial).padStart(6, '0')}`,
          title: random.pick(TITLES),
          startDate: start,
          endDate: finish,
          amountUsd: Math.round((large ? random.int(150_000, 2_000_000) : random.int(15_000, 160_000)) / 100) * 100,
          peopleTargeted: targeted,
          peopleReached: status === 'draft' ? 0 : Math.round(targeted * elapsed * (0.6 + random.next() * 0.55)),
          status,
          version: 1,
          createdAt: stamp,
          updatedAt: stamp,
        },
        territoryIds: random.sample(partner.territoryIds, random.int(1, partner.territoryIds.length)),
        assistanceTypeIds: random.sample(partner.assistanceTypeIds, random.int(1, partner.assistanceTypeIds.length)),
      });
    }
    if (batch.length >= 2000) await flush();
  }
  await flush();
  return inserted;
}
