import { Migrator } from 'kysely';
import { beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../../db/migrations/index.js';
import { createApp } from '../../src/app.js';
import type { Db } from '../../src/database/connect.js';
import { emptyDatabase } from '../helpers/test-database.js';
import { migrateToLatest } from '../../src/database/migrate.js';
import { SYSTEM_ACTOR } from '../../src/audit/actor.js';
import { addReview as logReview } from '../../src/evidence/service.js';
import { DEFAULT_PARAMETERS, V1_PARAMETERS } from '../../src/scoring/methodology.js';
import { rescoreAll } from '../../src/scoring/service.js';
import { pino } from 'pino';
import { methodologyFormValues } from '../../src/scoring/schemas.js';
import { addPartner, apiClient, bearerFor, signedInAgent, testApp } from '../helpers/app.js';
import { visibleText as visible } from '../helpers/text.js';

let app: Awaited<ReturnType<typeof testApp>>['app'];
let db: Db;

beforeEach(async () => {
  ({ app, db } = await testApp());
});

const addReview = (partnerId: number, rating = 5) =>
  logReview(db, SYSTEM_ACTOR, partnerId, { periodStart: '2026-07-01', periodEnd: '2026-09-30', rating, notes: null });

function form(csrf: string, overrides: Record<string, string | string[]> = {}) {
  const params = new URLSearchParams({ _csrf: csrf });
  for (const [key, value] of Object.entries({ ...methodologyFormValues('Prueba', DEFAULT_PARAMETERS), ...overrides })) {
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, item);
  }
  return params.toString();
}

describe('methodology versions', () => {
  it('explains the active version in plain language, in both languages', async () => {
    const viewer = await signedInAgent(app, db, 'viewer');
    const es = visible((await viewer.agent.get('/methodology').expect(200)).text);
    expect(es).toContain('Versión activa: v2 «BPI_GN — evidence first»');
    expect(es).toContain('micro hasta 10 personas (100 puntos), pequeña desde 10 (80)');
    expect(es).toContain('24 h o menos vale 100; 336 h o más, 0');
    // The four rules of version 2, in plain words.
    expect(es).toContain('Con menos de 3 eventos, cada evento pesa 1/3 y el tiempo declarado completa el resto');
    expect(es).toContain('Un tiempo de respuesta solo declarado vale como máximo 60 puntos');
    expect(es).toContain('Un criterio sin datos cuenta como 50 puntos en el total');
    expect(es).toContain('«Mantener con prioridad» exige evidencia verificada');
    // v1 stays in the history, superseded.
    expect(es).toMatch(/1 BPI_GN default Sustituida/);
    const en = visible((await viewer.agent.get('/methodology').set('Accept-Language', 'en').expect(200)).text);
    expect(en).toContain('a small partner at 70 or more is kept as a priority; at 50 or more, kept');
    expect(en).toContain('The overall score adds each score times its weight');
    expect(en).not.toContain('Propose a new version');
  });

  it('refuses weights that do not add up to 1 and thresholds out of order, with clear messages', async () => {
    const buyer = await signedInAgent(app, db, 'procurement');
    const res = await buyer.agent
      .post('/methodology/draft')
      .type('form')
      .send(
        form(buyer.csrf, {
          'parameters.weights.size': '0.5',
          'parameters.sizeBands.mediumMin': '5',
          'parameters.response.worstHours': '10',
          'parameters.recommendation.keepMin': '80',
          'parameters.smallClasses': [],
        }),
      )
      .expect(400);
    const text = visible(res.text);
    expect(text).toContain('Los pesos deben sumar 1 (ahora suman 1,2)');
    expect(text).toContain('Los umbrales de tamaño deben crecer');
    expect(text).toContain('La peor respuesta debe ser mayor que la mejor');
    expect(text).toContain('«Mantener desde» no puede superar «mantener con prioridad desde»');
    expect(text).toContain('Elija al menos un tamaño que cuente como pequeño');
    expect(res.text).toContain('href="#field-parameters-weights-size"');
    expect(res.text).toContain('id="field-parameters-weights-size"');
    expect(res.text).toContain('value="0.5"');
    expect(await db.selectFrom('methodologies').selectAll().where('status', '=', 'draft').execute()).toEqual([]);
  });

  it('previews a draft against the active version, then activates it with a rationale and rescores everyone', async () => {
    const small = await addPartner(db, {
      name: 'Pequeño Rápido',
      staffCount: 12,
      adminSteps: 4,
      declaredResponseHours: 24,
    });
    const large = await addPartner(db, {
      name: 'Grande Rápido',
      staffCount: 300,
      adminSteps: 2,
      declaredResponseHours: 24,
    });
    await addReview(large.id);
    const api = apiClient(app, await bearerFor(db, 'viewer'));
    await addReview(small.id);
    expect((await api.get(`/api/v1/partners/${small.id}/score`)).body.recommendation).toBe('keep_priority');

    const buyer = await signedInAgent(app, db, 'procurement');
    // Count every size as small and demand 95 for priority: the small partner drops to keep, the large one enters keep.
    await buyer.agent
      .post('/methodology/draft')
      .type('form')
      .send(
        form(buyer.csrf, {
          name: 'Más exigente',
          'parameters.smallClasses': ['micro', 'small', 'medium', 'large'],
          'parameters.recommendation.keepPriorityMin': '95',
        }),
      )
      .expect(303)
      .expect('Location', '/methodology/draft/preview');
    const preview = visible((await buyer.agent.get('/methodology/draft/preview').expect(200)).text);
    expect(preview).toContain('Borrador v3 frente a la versión activa v2, calculado para 2 socios activos');
    // Each changed parameter, old → new, before the consequences for partners.
    expect(preview).toContain(
      'Parámetros que cambian Parámetro Activa v2 Borrador v3 Tamaños que cuentan como socio pequeño micro y pequeña micro, pequeña, mediana y grande Mantener con prioridad desde 70 95',
    );
    expect(preview.indexOf('Parámetros que cambian')).toBeLessThan(preview.indexOf('socios cambian de recomendación'));
    expect(preview).toMatch(/2 socios cambian de recomendación/);
    expect(preview).toMatch(/\+1 socios pequeños entran en «mantener»/);
    expect(preview).toContain('Pequeño Rápido Mantener con prioridad Mantener');
    expect((await api.get(`/api/v1/partners/${small.id}/score`)).body.recommendation).toBe('keep_priority');

    const previewed = /name="previewed" value="([0-9a-f]+)"/.exec(
      (await buyer.agent.get('/methodology/draft/preview')).text,
    )![1]!;
    const refused = await buyer.agent
      .post('/methodology/draft/activate')
      .type('form')
      .send({ _csrf: buyer.csrf, rationale: 'porque', previewed })
      .expect(400);
    expect(visible(refused.text)).toContain('Explique por qué se adopta esta versión');
    // Activation takes only what was previewed: a draft saved again meanwhile is refused.
    const stale = await buyer.agent
      .post('/methodology/draft/activate')
      .type('form')
      .send({ _csrf: buyer.csrf, rationale: 'Acuerdo del comité de alianzas, noviembre', previewed: 'otra' })
      .expect(409);
    expect(visible(stale.text)).toContain('El borrador cambió después de esta vista previa');
    await buyer.agent
      .post('/methodology/draft/activate')
      .type('form')
      .send({ _csrf: buyer.csrf, rationale: 'Acuerdo del comité de alianzas, noviembre', previewed })
      .expect(303);

    const after = (await api.get(`/api/v1/partners/${small.id}/score`)).body;
    expect(after).toMatchObject({ methodologyVersion: 3, recommendation: 'keep' });
    const versions = await db
      .selectFrom('methodologies')
      .select(['version', 'status', 'parameters', 'activatedBy', 'rationale'])
      .orderBy('version')
      .execute();
    expect(versions.map((v) => [v.version, v.status])).toEqual([
      [1, 'retired'],
      [2, 'retired'],
      [3, 'active'],
    ]);
    expect(JSON.parse(versions[1]!.parameters)).toEqual(DEFAULT_PARAMETERS);
    expect(versions[2]).toMatchObject({
      activatedBy: buyer.user.email,
      rationale: 'Acuerdo del comité de alianzas, noviembre',
    });
    const audit = await db
      .selectFrom('auditEvents')
      .select(['action', 'details'])
      .where('entity', '=', 'methodology')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['create', 'activate']);
    expect(JSON.parse(audit[1]!.details!)).toMatchObject({
      previousVersion: 2,
      rationale: 'Acuerdo del comité de alianzas, noviembre',
    });
  });

  it('lets procurement discard a draft, and officers not edit one', async () => {
    const buyer = await signedInAgent(app, db, 'procurement');
    await buyer.agent.post('/methodology/draft').type('form').send(form(buyer.csrf)).expect(303);
    await buyer.agent.post('/methodology/draft/discard').type('form').send({ _csrf: buyer.csrf }).expect(303);
    expect(await db.selectFrom('methodologies').selectAll().execute()).toHaveLength(2);
    const officer = await signedInAgent(app, db, 'officer');
    await officer.agent.get('/methodology/draft').expect(403);
  });
});

describe('score receipt and ranking pages', () => {
  it('shows the receipt on the partner page, adding up to the overall score, with its reason', async () => {
    const partner = await addPartner(db, { name: 'Recibo', staffCount: 12, adminSteps: 4, declaredResponseHours: 24 });
    const viewer = await signedInAgent(app, db, 'viewer');
    const page = visible((await viewer.agent.get(`/partners/${partner.id}`).expect(200)).text);
    expect(page).toContain('Puntaje y recomendación');
    // Declared only: the response score is capped at 60 and missing quality counts as neutral 50 with its full weight.
    // 24 + 18 + 15 + 10 = 67.
    expect(page).toContain('Tamaño 12 personas perfil 80,0 0,30 24,0');
    expect(page).toContain('Tiempo de respuesta 24 h declarado 60,0 0,30 18,0');
    expect(page).toContain('Pasos administrativos 4 pasos declarado 75,0 0,20 15,0');
    expect(page).toContain('Calidad — falta — 0,20 10,0');
    expect(page).toContain('Puntaje total (completitud 0,80) 67,0');
    expect(page).toContain('Puesto 1; no cambia cuando los pesos varían ±20 %, recomendación estable');
    expect(page).toContain('Socio pequeño (12 personas) con un tiempo de respuesta declarado de 24 h');
    // Why each value, on which scale, what agility means here, and what would move the recommendation up.
    expect(page).toContain(
      '0 eventos en los últimos 365 días; se necesitan 3, así que cuenta el tiempo declarado de 24 h. Un tiempo solo declarado vale como máximo 60. Sin ese tope valdría 100,0.',
    );
    expect(page).toContain('Escala: 24 h o menos = 100, 336 h o más = 0.');
    expect(page).toContain('Escala: 2 pasos o menos = 100, 10 o más = 0.');
    expect(page).toContain('Ninguna evaluación terminada en los últimos 730 días. Cuenta como neutral: 50.');
    expect(page).toContain('Agilidad: ágil (≥ 60) 66,0');
    expect(page).toContain('Sin evidencia verificada');
    expect(page).toContain(
      'Qué cambiaría la recomendación Una evaluación más con calificación 4 o superior la llevaría a «Mantener con prioridad».',
    );
  });

  it('explains a blended source, a partner that is not agile, and a rank range, in English', async () => {
    const partner = await addPartner(db, { name: 'Blend', staffCount: 12, adminSteps: 9, declaredResponseHours: 48 });
    const officer = await signedInAgent(app, db, 'officer');
    const ids = await db.selectFrom('territories').select('id').executeTakeFirstOrThrow();
    const type = await db.selectFrom('assistanceTypes').select('id').executeTakeFirstOrThrow();
    const { logEvent } = await import('../../src/evidence/service.js');
    for (const hours of [200, 220]) {
      const requested = Date.now() - 20 * 86_400_000;
      await logEvent(db, SYSTEM_ACTOR, partner.id, {
        territoryId: ids.id,
        assistanceTypeId: type.id,
        requestedAt: new Date(requested).toISOString(),
        firstAssistanceAt: new Date(requested + hours * 3_600_000).toISOString(),
        peopleAssisted: 10,
        notes: null,
      });
    }
    const page = visible(
      (await officer.agent.get(`/partners/${partner.id}`).set('Accept-Language', 'en').expect(200)).text,
    );
    expect(page).toContain(
      '2 events in the last 365 days; 3 are needed, so the declared 48 h weighs 1/3 beside the measured median of 210 h.',
    );
    // (2·210 + 48) / 3 = 156 h → 57.7; agility 0.6·57.7 + 0.4·12.5 = 39.6
    expect(page).toContain('Response time 156 h blended: 2 events and the declared time 57.7');
    expect(page).toMatch(/not agile: 39\.6 < 60/);
  });

  it('ranks active partners with filters kept in the address', async () => {
    await addPartner(db, { name: 'Primero', staffCount: 5, adminSteps: 2, declaredResponseHours: 24 });
    await addPartner(db, { name: 'Segundo', staffCount: 300, adminSteps: 8, declaredResponseHours: 100 });
    await addPartner(db, { name: 'Archivado', status: 'archived', declaredResponseHours: 24 });
    const viewer = await signedInAgent(app, db, 'viewer');
    const page = visible((await viewer.agent.get('/ranking').expect(200)).text);
    expect(page.indexOf('Primero')).toBeLessThan(page.indexOf('Segundo'));
    expect(page).not.toContain('Archivado');
    expect(visible((await viewer.agent.get('/ranking?sizeClass=large').expect(200)).text)).not.toContain('Primero');
  });
});

/** A database that was scoring partners under version 1 before the evidence-first migration. */
async function databaseScoringUnderV1(): Promise<Db> {
  const { db: v1 } = await emptyDatabase();
  const migrator = new Migrator({ db: v1, provider: { getMigrations: async () => migrations } });
  const { error } = await migrator.migrateTo('2026-11-24T1400_dashboard');
  if (error) throw error instanceof Error ? error : new Error('migration failed', { cause: error });
  const now = new Date().toISOString();
  await v1
    .insertInto('partners')
    .values({
      name: 'Declara Rápido',
      nameKey: 'declara rapido',
      searchText: 'declara rapido',
      organizationType: 'national_ngo',
      localizationCategory: 'local_national_non_state',
      staffCount: 5,
      adminSteps: 2,
      declaredResponseHours: 18,
      status: 'active',
      createdAt: now,
      updatedAt: now,
    })
    .execute();
  await migrateToLatest(v1);
  await rescoreAll(v1);
  return v1;
}

describe('methodology version 2 in a database that scored under version 1', () => {
  it('arrives as a draft; the methodology and ranking pages ask procurement to preview and activate it', async () => {
    const v1 = await databaseScoringUnderV1();
    const v1App = createApp({ db: v1, logger: pino({ level: 'silent' }), production: false, pdf: null });
    const versions = await v1
      .selectFrom('methodologies')
      .select(['version', 'status', 'name'])
      .orderBy('version')
      .execute();
    expect(versions).toEqual([
      { version: 1, status: 'active', name: 'BPI_GN default' },
      { version: 2, status: 'draft', name: 'BPI_GN — evidence first' },
    ]);
    // Scores stay as they were until procurement activates it: the declaring newcomer is still first, with priority.
    const stored = await v1.selectFrom('partnerScores').select(['overall', 'recommendation']).executeTakeFirstOrThrow();
    expect(stored).toEqual({ overall: 100, recommendation: 'keep_priority' });

    const buyer = await signedInAgent(v1App, v1, 'procurement');
    for (const page of ['/methodology', '/ranking']) {
      const text = visible((await buyer.agent.get(page).expect(200)).text);
      expect(text).toContain(
        'Hay una versión que pone la evidencia medida antes que lo declarado (borrador v2 «BPI_GN — evidence first»)',
      );
      expect(text).toContain('Ver el efecto del borrador v2');
    }
    const preview = visible((await buyer.agent.get('/methodology/draft/preview').expect(200)).text);
    expect(preview).toContain('Combinar pocos eventos con lo declarado No Sí');
    expect(preview).toContain('Tope del puntaje solo declarado 100 60');
    expect(preview).toContain('Puntaje neutral de lo que falta vacío (se reparte entre los demás) 50');
    expect(preview).toContain('Prioridad solo con evidencia verificada No Sí');
    expect(preview).toContain('Declara Rápido Mantener con prioridad Mantener');

    const previewed = /name="previewed" value="([0-9a-f]+)"/.exec(
      (await buyer.agent.get('/methodology/draft/preview')).text,
    )![1]!;
    await buyer.agent
      .post('/methodology/draft/activate')
      .type('form')
      .send({ _csrf: buyer.csrf, rationale: 'Evidencia medida antes que declaraciones', previewed })
      .expect(303);
    expect(
      await v1.selectFrom('partnerScores').select(['recommendation', 'verified']).executeTakeFirstOrThrow(),
    ).toEqual({ recommendation: 'keep', verified: 0 });
    expect(visible((await buyer.agent.get('/ranking').expect(200)).text)).not.toContain(
      'Hay una versión que pone la evidencia',
    );
    await v1.destroy();
  });

  it('reads a version 1 methodology as scoring exactly like before', async () => {
    const v1 = await databaseScoringUnderV1();
    const active = await v1
      .selectFrom('methodologies')
      .select('parameters')
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(active.parameters).evidence).toBeUndefined();
    const { activeMethodology } = await import('../../src/scoring/repository.js');
    expect((await activeMethodology(v1)).parameters).toEqual(V1_PARAMETERS);
    await v1.destroy();
  });
});

describe('the draft form', () => {
  it("writes numbers in the user's locale, explains every parameter, and reads decimal commas back", async () => {
    const buyer = await signedInAgent(app, db, 'procurement');
    const es = (await buyer.agent.get('/methodology/draft').expect(200)).text;
    expect(es).toContain('id="field-parameters-weights-size" name="parameters.weights.size" type="text" value="0,3"');
    const fields = [...es.matchAll(/<input class="input[^"]*" id="(field-parameters-[^"]+)"/g)].map((m) => m[1]!);
    expect(fields.length).toBeGreaterThan(20);
    for (const id of fields) expect(es, id).toContain(`id="${id}-hint"`);
    expect(visible(es)).toContain('Tope del puntaje solo declarado');
    const en = (await buyer.agent.get('/methodology/draft').set('Accept-Language', 'en').expect(200)).text;
    expect(en).toContain('value="0.3"');

    await buyer.agent
      .post('/methodology/draft')
      .type('form')
      .send(
        form(buyer.csrf, {
          'parameters.weights.size': '0,25',
          'parameters.weights.response': '0,35',
          'parameters.evidence.neutralScore': '',
        }),
      )
      .expect(303);
    const draft = await db
      .selectFrom('methodologies')
      .select('parameters')
      .where('status', '=', 'draft')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(draft.parameters)).toMatchObject({
      weights: { size: 0.25, response: 0.35 },
      evidence: { neutralScore: null, declaredScoreCap: 60 },
    });
  });
});
