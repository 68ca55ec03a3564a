// Builds the real app over a fresh in-memory database, as production does, for each test.
import type { Express } from 'express';
import { type Logger, pino } from 'pino';
import request from 'supertest';
import { createApiToken } from '../../src/api-tokens/service.js';
import type { Role } from '../../src/auth/access.js';
import { createApp } from '../../src/app.js';
import { SYSTEM_ACTOR } from '../../src/audit/actor.js';
import type { Db } from '../../src/database/connect.js';
import type { LimitSettings } from '../../src/http/limits.js';
import type { CreatePartnerInput } from '../../src/partners/schemas.js';
import { createPartner } from '../../src/partners/service.js';
import type { PdfRenderer } from '../../src/reports/pdf-renderer.js';
import { createUser } from '../../src/users/service.js';
import { freshDatabase } from './test-database.js';

export { freshDatabase };

export async function testApp(
  options: { production?: boolean; pdf?: PdfRenderer; limits?: Partial<LimitSettings>; logger?: Logger } = {},
) {
  const db = await freshDatabase();
  const app = createApp({
    db,
    logger: options.logger ?? pino({ level: 'silent' }),
    production: options.production ?? false,
    pdf: options.pdf ?? null,
    limits: options.limits,
  });
  return { app, db };
}

export async function idsByCode(db: Db) {
  const territories = await db.selectFrom('territories').select(['id', 'code']).execute();
  const types = await db.selectFrom('assistanceTypes').select(['id', 'code']).execute();
  return {
    territory: Object.fromEntries(territories.map((t) => [t.code, t.id])) as Record<string, number>,
    assistanceType: Object.fromEntries(types.map((t) => [t.code, t.id])) as Record<string, number>,
  };
}

/** A valid partner input; override what a test is about. */
export async function partnerInput(db: Db, overrides: Partial<CreatePartnerInput> = {}): Promise<CreatePartnerInput> {
  const ids = await idsByCode(db);
  return {
    name: 'Fundación Manos Solidarias',
    organizationType: 'national_ngo',
    staffCount: 12,
    territoryIds: [ids.territory.tulcan!],
    assistanceTypeIds: [ids.assistanceType.shelter!],
    status: 'active',
    ...overrides,
  };
}

export async function addPartner(db: Db, overrides: Partial<CreatePartnerInput> = {}) {
  const { partner } = await createPartner(db, SYSTEM_ACTOR, await partnerInput(db, overrides));
  return partner;
}

let userCount = 0;
export const TEST_PASSWORD = 'una clave de prueba larga';

export async function userWithRole(
  db: Db,
  role: Role,
  overrides: { email?: string; mustChangePassword?: boolean } = {},
) {
  userCount++;
  const email = overrides.email ?? `${role}${userCount}@example.org`;
  const user = await createUser(db, SYSTEM_ACTOR, {
    email,
    name: `${role} ${userCount}`,
    role,
    password: TEST_PASSWORD,
    mustChangePassword: overrides.mustChangePassword ?? false,
  });
  return { user, email, password: TEST_PASSWORD };
}

/** An Authorization header for a new user with that role. */
export async function bearerFor(db: Db, role: Role): Promise<string> {
  const { user } = await userWithRole(db, role);
  const { token } = await createApiToken(db, SYSTEM_ACTOR, user.id, { name: 'tests', expiresInDays: null });
  return `Bearer ${token}`;
}

/** Requests that carry an Authorization header. */
export function apiClient(app: Express, authorization: string) {
  const wrap = (method: 'get' | 'post' | 'patch' | 'delete') => (path: string) =>
    request(app)[method](path).set('Authorization', authorization);
  return { get: wrap('get'), post: wrap('post'), patch: wrap('patch'), delete: wrap('delete') };
}

export function csrfFrom(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no CSRF token in the page');
  return token;
}

/** A browser-like agent (cookies kept) signed in through the sign-in form, with its CSRF token. */
export async function signedInAgent(app: Express, db: Db, role: Role) {
  const { user, email, password } = await userWithRole(db, role);
  const agent = request.agent(app);
  const form = await agent.get('/sign-in');
  await agent
    .post('/sign-in')
    .type('form')
    .send({ _csrf: csrfFrom(form.text), email, password })
    .expect(303);
  const page = await agent.get('/account').expect(200);
  return { agent, csrf: csrfFrom(page.text), user };
}
