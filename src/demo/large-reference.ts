// Reference sets as large as a national programme's (by default 150 territories × 90 assistance
// types) over a graded portfolio, to check that the dashboard's cost follows what it shows. Used by
// the dashboard tests, the bench and to look at the pages; never loaded by the app itself.
import { SYSTEM_ACTOR } from '../audit/actor.js';
import type { Db } from '../database/connect.js';
import { createPartner } from '../partners/service.js';
import { addDays } from '../portfolio/rules.js';
import { createAgreement } from '../portfolio/service.js';
import { saveAssistanceType, saveTerritory } from '../reference-data/service.js';
import { ecuadorToday } from '../shared/dates.js';

/** Ids in the reference order (the seeded ones first). */
export interface LargeReferenceSets {
  territoryIds: number[];
  assistanceTypeIds: number[];
}

const BANDS = 10;
const LIST_LIMIT = 100; // a partner or an agreement names at most 100 territories

/**
 * Adds territories and assistance types up to the given totals, then small agile partners with one
 * active agreement each, in bands: band j (1‥9) covers the first (1 − j/10) of the territories with
 * the first j/10 of the types. The last tenth of the territories (in reference order) has no
 * coverage at all, the tenth before it only the first types, and so on: the worst-covered
 * territories come last in reference order, and the last types have the most gaps.
 */
export async function addLargeReferenceSets(
  db: Db,
  sizes: { territories: number; assistanceTypes: number } = { territories: 150, assistanceTypes: 90 },
): Promise<LargeReferenceSets> {
  const seededTerritories = await db.selectFrom('territories').select('id').execute();
  for (let i = seededTerritories.length + 1; i <= sizes.territories; i++) {
    const n = String(i).padStart(3, '0');
    await saveTerritory(db, SYSTEM_ACTOR, null, {
      code: `parroquia_${n}`,
      nameEs: `Parroquia ${n}`,
      nameEn: `Parish ${n}`,
      province: 'Pichincha',
      provinceCode: '17',
      isBorderCrossing: false,
    });
  }
  const seededTypes = await db.selectFrom('assistanceTypes').select('id').execute();
  for (let i = seededTypes.length + 1; i <= sizes.assistanceTypes; i++) {
    const n = String(i).padStart(2, '0');
    await saveAssistanceType(db, SYSTEM_ACTOR, null, {
      code: `servicio_${n}`,
      nameEs: `Servicio ${n}`,
      nameEn: `Service ${n}`,
      parentId: null,
    });
  }
  const territoryIds = (await db.selectFrom('territories').select('id').orderBy('sortOrder').execute()).map(
    (t) => t.id,
  );
  const assistanceTypeIds = (await db.selectFrom('assistanceTypes').select('id').orderBy('sortOrder').execute()).map(
    (t) => t.id,
  );

  const today = ecuadorToday();
  for (let band = 1; band < BANDS; band++) {
    const territories = territoryIds.slice(0, Math.round((territoryIds.length * (BANDS - band)) / BANDS));
    const types = assistanceTypeIds
      .slice(0, Math.max(1, Math.round((assistanceTypeIds.length * band) / BANDS)))
      .slice(0, LIST_LIMIT);
    for (let start = 0; start < territories.length; start += LIST_LIMIT) {
      const chunk = territories.slice(start, start + LIST_LIMIT);
      const name = `Colectivo Banda ${band}-${start / LIST_LIMIT + 1}`;
      const { partner } = await createPartner(db, SYSTEM_ACTOR, {
        name,
        organizationType: 'cbo',
        staffCount: 8,
        adminSteps: 2,
        declaredResponseHours: 24,
        territoryIds: chunk,
        assistanceTypeIds: types,
        status: 'active',
      });
      await createAgreement(db, SYSTEM_ACTOR, {
        partnerId: partner.id,
        code: `BANDA-${band}-${start / LIST_LIMIT + 1}`,
        title: `Convenio ${name}`,
        startDate: addDays(today, -200),
        endDate: addDays(today, 200),
        amountUsd: 5000,
        territoryIds: chunk,
        assistanceTypeIds: types,
        status: 'active',
      });
    }
  }
  return { territoryIds, assistanceTypeIds };
}
