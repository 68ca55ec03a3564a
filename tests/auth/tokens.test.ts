import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { sha256 } from '../../src/auth/secrets.js';
import type { Db } from '../../src/database/connect.js';
import { emptyDatabase } from '../helpers/test-database.js';
import { signedInAgent, testApp } from '../helpers/app.js';

let app: Awaited<ReturnType<typeof testApp>>['app'];
let db: Db;

beforeEach(async () => {
  ({ app, db } = await testApp());
});

async function createToken(agent: request.Agent, csrf: string, fields: Record<string, string>) {
  const res = await agent
    .post('/account/tokens')
    .type('form')
    .send({ _csrf: csrf, ...fields })
    .expect(201);
  return /<code class="token" id="new-token">([^<]+)<\/code>/.exec(res.text)![1]!;
}

describe('personal API tokens', () => {
  it('are shown once, stored only as a hash, and authenticate the API with the user’s role', async () => {
    const me = await signedInAgent(app, db, 'viewer');
    const token = await createToken(me.agent, me.csrf, { name: 'Hoja mensual', expiresInDays: '' });
    expect(token).toMatch(/^cag_[\w-]{40,}$/);
    const stored = await db.selectFrom('apiTokens').selectAll().executeTakeFirstOrThrow();
    expect(stored.tokenHash).toBe(sha256(token));
    expect(JSON.stringify(stored)).not.toContain(token);
    expect((await me.agent.get('/account/tokens')).text).not.toContain(token);

    await request(app).get('/api/v1/partners').set('Authorization', `Bearer ${token}`).expect(200);
    const forbidden = await request(app)
      .post('/api/v1/partners')
      .set('Authorization', `Bearer ${token}`)
      .send({})
      .expect(403);
    expect(forbidden.type).toBe('application/problem+json');
  });

  it('list their last use, and stop working when revoked', async () => {
    const me = await signedInAgent(app, db, 'officer');
    const token = await createToken(me.agent, me.csrf, { name: 'Integración', expiresInDays: '30' });
    await request(app).get('/api/v1/partners').set('Authorization', `Bearer ${token}`).expect(200);
    const list = await me.agent.get('/account/tokens');
    expect(list.text).not.toContain('Sin uso');
    const id = (await db.selectFrom('apiTokens').select('id').executeTakeFirstOrThrow()).id;
    await me.agent.post(`/account/tokens/${id}/revoke`).type('form').send({ _csrf: me.csrf }).expect(303);
    await request(app).get('/api/v1/partners').set('Authorization', `Bearer ${token}`).expect(401);
  });

  it('stop working when expired', async () => {
    const me = await signedInAgent(app, db, 'officer');
    const token = await createToken(me.agent, me.csrf, { name: 'Corto plazo', expiresInDays: '1' });
    await db
      .updateTable('apiTokens')
      .set({ expiresAt: new Date(Date.now() - 1000).toISOString() })
      .execute();
    await request(app).get('/api/v1/partners').set('Authorization', `Bearer ${token}`).expect(401);
  });

  it('cannot be revoked by another user', async () => {
    const owner = await signedInAgent(app, db, 'officer');
    await createToken(owner.agent, owner.csrf, { name: 'Mío', expiresInDays: '' });
    const id = (await db.selectFrom('apiTokens').select('id').executeTakeFirstOrThrow()).id;
    const other = await signedInAgent(app, db, 'admin');
    await other.agent.post(`/account/tokens/${id}/revoke`).type('form').send({ _csrf: other.csrf }).expect(404);
  });

  it('answer 401 problem details for a missing, malformed or unknown token', async () => {
    for (const header of [undefined, 'Bearer', 'Basic abc', 'Bearer cag_desconocido']) {
      const req = request(app).get('/api/v1/partners');
      const res = await (header ? req.set('Authorization', header) : req).expect(401);
      expect(res.type).toBe('application/problem+json');
    }
  });

  it('validate the name and expiry', async () => {
    const me = await signedInAgent(app, db, 'viewer');
    const res = await me.agent
      .post('/account/tokens')
      .type('form')
      .send({ _csrf: me.csrf, name: 'x', expiresInDays: '0' })
      .expect(400);
    expect(res.text).toContain('El nombre debe tener entre 2 y 100 caracteres');
    expect(res.text).toContain('Debe ser como mínimo 1');
  });
});

describe('command-line tools', () => {
  const run = promisify(execFile);
  const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');

  it('token:create prints the new token and nothing else; user:create reads the password from stdin', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cartera-cli-'));
    const target = await emptyDatabase(join(dir, 'cli.sqlite'));
    const env = { ...process.env, DATABASE_URL: target.url };
    try {
      const create = run(
        tsx,
        ['src/users/cli.ts', '--email', 'ana@example.org', '--name', 'Ana Loor', '--role', 'officer'],
        { env },
      );
      create.child.stdin!.end('una frase de prueba larga\n');
      expect((await create).stdout).toContain('Created officer ana@example.org');

      const { stdout } = await run(tsx, ['src/api-tokens/cli.ts', '--email', 'ana@example.org', '--name', 'script'], {
        env,
      });
      expect(stdout).toMatch(/^cag_[\w-]+\n$/);

      const tokenRow = await target.db.selectFrom('apiTokens').selectAll().executeTakeFirstOrThrow();
      expect(tokenRow.tokenHash).toBe(sha256(stdout.trim()));

      const weak = run(tsx, ['src/users/cli.ts', '--email', 'b@example.org', '--name', 'B', '--role', 'admin'], {
        env,
      });
      weak.child.stdin!.end('corta\n');
      await expect(weak).rejects.toMatchObject({ stderr: expect.stringContaining('at least 12 characters') });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('roles are a table', () => {
  it('grants exactly what PRODUCT.md describes', async () => {
    const { can, ROLES } = await import('../../src/auth/access.js');
    const table = Object.fromEntries(
      (['partners.read', 'partners.write', 'account.self', 'users.manage', 'audit.read'] as const).map((action) => [
        action,
        ROLES.filter((role) => can(role, action)),
      ]),
    );
    expect(table).toEqual({
      'partners.read': ['viewer', 'officer', 'procurement', 'admin'],
      'partners.write': ['officer', 'admin'],
      'account.self': ['viewer', 'officer', 'procurement', 'admin'],
      'users.manage': ['admin'],
      'audit.read': ['admin'],
    });
  });
});
