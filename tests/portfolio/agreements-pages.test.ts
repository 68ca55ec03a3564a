// Procurement's pages: agreements from the header, the suggested code, activating a draft, retention
// alerts by urgency; and the partner list's score columns.
import { beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/audit/actor.js';
import type { Db } from '../../src/database/connect.js';
import { formatters, translator } from '../../src/i18n/index.js';
import { addDays } from '../../src/portfolio/rules.js';
import { createAgreement } from '../../src/portfolio/service.js';
import { findScore } from '../../src/scoring/repository.js';
import { ecuadorToday } from '../../src/shared/dates.js';
import { addPartner, idsByCode, signedInAgent, testApp } from '../helpers/app.js';
import { visibleText } from '../helpers/text.js';

let app: Awaited<ReturnType<typeof testApp>>['app'];
let db: Db;
let ids: Awaited<ReturnType<typeof idsByCode>>;
const today = ecuadorToday();

beforeEach(async () => {
  ({ app, db } = await testApp());
  ids = await idsByCode(db);
});

async function agreement(
  partnerId: number,
  code: string,
  startDate: string,
  endDate: string,
  status: 'draft' | 'active' | 'closed' = 'active',
  territoryIds = [ids.territory.tulcan!],
) {
  return (
    await createAgreement(db, SYSTEM_ACTOR, {
      partnerId,
      code,
      title: 'Convenio de respuesta',
      startDate,
      endDate,
      amountUsd: 1000,
      territoryIds,
      assistanceTypeIds: [ids.assistanceType.shelter!],
      status,
    })
  ).agreement;
}

/** A small partner that scores "keep": fast, few steps. */
const keeper = (name: string) => addPartner(db, { name, staffCount: 8, adminSteps: 2, declaredResponseHours: 24 });

describe('agreements from the header', () => {
  it('shows Agreements in the navigation for procurement, not for officers', async () => {
    const buyer = await signedInAgent(app, db, 'procurement');
    const officer = await signedInAgent(app, db, 'officer');
    const nav = (html: string) => /<nav class="site-nav"[\s\S]*?<\/nav>/.exec(html)![0];
    expect(nav((await buyer.agent.get('/partners')).text)).toContain('href="/agreements"');
    expect(nav((await officer.agent.get('/partners')).text)).not.toContain('href="/agreements"');
    const list = await buyer.agent.get('/agreements').expect(200);
    expect(list.text).toContain('href="/agreements/new"');
  });

  it('opens New agreement without a partner, suggests the next code, and creates it with the partner chosen on the form', async () => {
    const partner = await keeper('Red Comunitaria Esperanza');
    await agreement(partner.id, 'IOM-EC-2026-013', '2026-01-01', '2026-06-30', 'closed');
    await agreement(partner.id, 'IOM-EC-2026-014', '2026-07-01', '2026-12-31');
    const { agent, csrf } = await signedInAgent(app, db, 'procurement');

    const form = await agent.get('/agreements/new').expect(200);
    expect(form.text).toMatch(/<select[^>]*name="partnerId"/);
    expect(form.text).toContain('value="IOM-EC-2026-015"');
    expect(visibleText(form.text)).toContain('Territorios cubiertos');

    const fields = {
      _csrf: csrf,
      choosePartner: '1',
      code: 'IOM-EC-2026-015',
      title: 'Albergue temporal',
      startDate: '2027-01-01',
      endDate: '2027-06-30',
      amountUsd: '5000',
      territoryIds: String(ids.territory.tulcan),
      assistanceTypeIds: String(ids.assistanceType.shelter),
      status: 'draft',
    };
    const missing = await agent
      .post('/agreements')
      .type('form')
      .send({ ...fields, partnerId: '' })
      .expect(400);
    expect(visibleText(missing.text)).toContain('Elija el socio');
    expect(missing.text).toContain('href="#field-partnerId"');

    const saved = await agent
      .post('/agreements')
      .type('form')
      .send({ ...fields, partnerId: String(partner.id) })
      .expect(303);
    const created = await db
      .selectFrom('agreements')
      .selectAll()
      .where('code', '=', 'IOM-EC-2026-015')
      .executeTakeFirstOrThrow();
    expect(created.partnerId).toBe(partner.id);
    expect(saved.headers.location).toBe(`/agreements/${created.id}?notice=saved`);
  });

  it('activates a draft in one action, audited, after which it can be closed', async () => {
    const partner = await keeper('Fundación Camino');
    const draft = await agreement(partner.id, 'AC-2026-000007', addDays(today, -10), addDays(today, 200), 'draft');
    const { agent, csrf } = await signedInAgent(app, db, 'procurement');
    const page = await agent.get(`/agreements/${draft.id}`).expect(200);
    expect(page.text).toContain(`action="/agreements/${draft.id}/activate"`);
    expect(visibleText(page.text)).toContain('Territorios cubiertos');

    const done = await agent
      .post(`/agreements/${draft.id}/activate`)
      .type('form')
      .send({ _csrf: csrf, version: String(draft.version) })
      .expect(303);
    expect(visibleText((await agent.get(done.headers.location!)).text)).toContain('Convenio activado');
    expect(
      (await db.selectFrom('agreements').select('status').where('id', '=', draft.id).executeTakeFirstOrThrow()).status,
    ).toBe('active');
    const audit = await db
      .selectFrom('auditEvents')
      .select('action')
      .where('entity', '=', 'agreement')
      .where('entityId', '=', draft.id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit.action).toBe('activate');
    // Activating again (an active agreement, or a stale version) is refused.
    await agent
      .post(`/agreements/${draft.id}/activate`)
      .type('form')
      .send({ _csrf: csrf, version: String(draft.version + 1) })
      .expect(409);
  });
});

describe('retention alerts page', () => {
  it('lists the soonest end first, partners gone more than 90 days under their own heading, with territories', async () => {
    const later = await keeper('Termina en 60');
    const soon = await keeper('Termina en 5');
    const recent = await keeper('Salió hace 20');
    const longAgo = await keeper('Salió hace 200');
    await agreement(later.id, 'A-1', addDays(today, -300), addDays(today, 60));
    await agreement(soon.id, 'A-2', addDays(today, -300), addDays(today, 5), 'active', [
      ids.territory.manta!,
      ids.territory.tulcan!,
    ]);
    await agreement(recent.id, 'A-3', addDays(today, -300), addDays(today, -20), 'closed');
    await agreement(longAgo.id, 'A-4', addDays(today, -300), addDays(today, -200), 'closed', [ids.territory.quito!]);
    const { agent } = await signedInAgent(app, db, 'procurement');

    const html = (await agent.get('/portfolio/alerts').expect(200)).text;
    expect(visibleText(html)).toContain('Salieron hace más de 90 días');
    const [urgentPart, gonePart] = html.split('id="alerts-longGone"');
    const order = (part: string) => [...part.matchAll(/class="table__title"[^>]*>([^<]+)</g)].map((m) => m[1]);
    expect(order(urgentPart!)).toEqual(['Salió hace 20', 'Termina en 5', 'Termina en 60']);
    expect(order(gonePart!)).toEqual(['Salió hace 200']);
    const rowOf = (name: string) =>
      visibleText(
        html
          .split('<tr>')
          .find((row) => row.includes(`>${name}<`))!
          .split('</tr>')[0]!,
      );
    expect(rowOf('Termina en 5')).toMatch(/Manta y Tulcán|Tulcán y Manta/);
    expect(rowOf('Salió hace 200')).toContain('Quito');
  });
});

describe('the partner list', () => {
  it('shows each partner’s overall score and recommendation', async () => {
    const partner = await keeper('Colectivo Voces del Pacífico');
    const score = (await findScore(db, partner.id))!;
    const { agent } = await signedInAgent(app, db, 'viewer');
    const html = (await agent.get('/partners').expect(200)).text;
    const row = visibleText(/<tr>\s*<td data-label="Nombre">[\s\S]*?<\/tr>/.exec(html)![0]);
    expect(row).toContain('Colectivo Voces del Pacífico');
    expect(row).toContain(formatters('es').score(score.overall!));
    expect(row).toContain(translator('es')(`recommendation.${score.recommendation}`));
  });
});
