import type request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/database/connect.js';
import type { Role } from '../../src/auth/access.js';
import { addPartner, idsByCode, signedInAgent, testApp } from '../helpers/app.js';

let app: Awaited<ReturnType<typeof testApp>>['app'];
let db: Db;

beforeEach(async () => {
  ({ app, db } = await testApp());
});

const plain = (html: string) =>
  html
    .replace(/<span class="(field__optional|visually-hidden)">[^<]*<\/span>/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&[^;]+;/g, (e) => ({ '&amp;': '&', '&#34;': '"', '&#39;': "'" })[e] ?? e)
    .trim();

/** The label a person sees for the control a summary link points at: a group of boxes by its legend. */
function labelOf(html: string, id: string): string | null {
  const at = html.indexOf(`id="${id}"`);
  if (at < 0) return null;
  const box =
    html.slice(at - 40, at).includes('type="checkbox"') || html.slice(at, at + 40).includes('type="checkbox"');
  if (box) {
    const legends = [...html.slice(0, at).matchAll(/<legend[^>]*>([^]*?)<\/legend>/g)];
    return legends.length ? plain(legends.at(-1)![1]!) : null;
  }
  const label = new RegExp(`<label[^>]*for="${id}"[^>]*>([^]*?)</label>`).exec(html);
  return label ? plain(label[1]!) : null;
}

function summaryEntries(html: string) {
  const list = /<ul class="error-summary__list">([^]*?)<\/ul>/.exec(html)?.[1] ?? '';
  return [...list.matchAll(/<a href="#([^"]+)">([^]*?)<\/a>/g)].map((m) => ({ id: m[1]!, text: plain(m[2]!) }));
}

async function agentFor(role: Role) {
  return signedInAgent(app, db, role);
}

async function submit(role: Role, path: string, fields: Record<string, string>, language: 'es' | 'en' = 'es') {
  const { agent, csrf } = await agentFor(role);
  const res = await (agent as request.Agent)
    .post(path)
    .set('Accept-Language', language)
    .type('form')
    .send({ _csrf: csrf, ...fields });
  return res;
}

function expectEveryEntryNamesItsField(html: string) {
  const entries = summaryEntries(html);
  expect(entries.length).toBeGreaterThan(0);
  for (const entry of entries) {
    const label = labelOf(html, entry.id);
    expect(label, entry.id).not.toBeNull();
    expect(entry.text.startsWith(`${label}: `), `${entry.text} names "${label}"`).toBe(true);
  }
  return entries;
}

describe('the error summary names each field', () => {
  it('partner form: "Personal remunerado: escriba un número, por ejemplo 12"', async () => {
    const res = await submit('officer', '/partners', {
      name: '',
      staffCount: 'doce',
      organizationType: 'ngo',
      status: 'active',
    });
    expect(res.status).toBe(400);
    const entries = expectEveryEntryNamesItsField(res.text);
    expect(entries.map((e) => e.text)).toContain('Personal remunerado: escriba un número, por ejemplo 12');
  });

  it('in English too', async () => {
    const res = await submit(
      'officer',
      '/partners',
      { name: '', staffCount: 'twelve', organizationType: 'ngo', status: 'active' },
      'en',
    );
    expect(res.status).toBe(400);
    const entries = expectEveryEntryNamesItsField(res.text);
    expect(entries.some((e) => /^Paid staff: [a-z]/.test(e.text))).toBe(true);
  });

  it('response event, review, flag, agreement, decision, targets, territory and user forms', async () => {
    const ids = await idsByCode(db);
    const partner = await addPartner(db, { name: 'Socio Prueba' });
    const cases: [Role, string, Record<string, string>][] = [
      [
        'officer',
        `/partners/${partner.id}/events`,
        { territoryId: '', assistanceTypeId: '', requestedAt: 'ayer', firstAssistanceAt: '', peopleAssisted: 'muchas' },
      ],
      ['officer', `/partners/${partner.id}/reviews`, { periodStart: '', periodEnd: '', rating: '9' }],
      ['officer', `/partners/${partner.id}/flags`, { level: '', category: '', comment: '' }],
      [
        'procurement',
        '/agreements',
        {
          partnerId: String(partner.id),
          code: '',
          title: '',
          startDate: 'x',
          endDate: '',
          amountUsd: 'mucho',
          status: 'active',
          territoryIds: String(ids.territory.quito),
        },
      ],
      ['procurement', `/partners/${partner.id}/decisions`, { kind: '', rationale: 'corta' }],
      [
        'procurement',
        '/portfolio/targets',
        { smallShareMin: 'dos', localFundingShareMin: '', smallAgilePerTerritoryMin: '-1' },
      ],
      ['admin', '/admin/territories', { code: '', nameEs: '', nameEn: '', province: '', provinceCode: 'zz' }],
      ['admin', '/admin/users', { name: '', email: 'no-es-correo', role: '', password: 'corta' }],
    ];
    for (const [role, path, fields] of cases) {
      const res = await submit(role, path, fields);
      expect(res.status, path).toBe(400);
      expectEveryEntryNamesItsField(res.text);
    }
  });

  it('rapid-response finder', async () => {
    const { agent } = await agentFor('viewer');
    const res = await agent.get('/rapid-response?territoryId=&assistanceTypeId=&people=muchas').expect(400);
    const entries = expectEveryEntryNamesItsField(res.text);
    expect(entries.map((e) => e.text)).toContain('Personas a alcanzar: escriba un número, por ejemplo 12');
  });
});
