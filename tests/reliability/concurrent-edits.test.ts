// 50 clients edit the same partner, then the same agreement, all from the same version, at once,
// through a real listening server: one edit wins, the other 49 get 409, and the stored record is
// exactly the winner's (no update lost or half-applied).
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordFigure } from './figures.js';
import { type Portfolio, portfolioApp } from './fixture.js';

const CLIENTS = 50;
let p: Portfolio;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  p = await portfolioApp();
  server = p.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

async function race(path: string, bodyFor: (i: number) => object) {
  const answers = await Promise.all(
    Array.from({ length: CLIENTS }, async (_, i) => {
      const res = await fetch(baseUrl + path, {
        method: 'PATCH',
        headers: { Authorization: p.adminBearer, 'Content-Type': 'application/json' },
        body: JSON.stringify(bodyFor(i)),
      });
      return { i, status: res.status, body: (await res.json()) as Record<string, unknown> };
    }),
  );
  const winners = answers.filter((a) => a.status === 200);
  const conflicts = answers.filter((a) => a.status === 409);
  return { answers, winners, conflicts };
}

describe(`${CLIENTS} concurrent edits at one version`, () => {
  it('of one partner: one winner, the rest 409, the winner’s values stored', async () => {
    const before = (await (
      await fetch(`${baseUrl}/api/v1/partners/${p.partnerId}`, { headers: { Authorization: p.adminBearer } })
    ).json()) as { version: number };
    const { answers, winners, conflicts } = await race(`/api/v1/partners/${p.partnerId}`, (i) => ({
      version: before.version,
      staffCount: 100 + i,
      notes: `Edición ${i}`,
    }));
    const stored = await p.db
      .selectFrom('partners')
      .select(['version', 'staffCount', 'notes'])
      .where('id', '=', p.partnerId)
      .executeTakeFirstOrThrow();
    const winner = winners[0];
    const lost = winner
      ? !(
          stored.staffCount === 100 + winner.i &&
          stored.notes === `Edición ${winner.i}` &&
          stored.version === before.version + 1
        )
      : true;
    recordFigure({
      check: 'concurrent partner edits: winners / 409s',
      measured: `${winners.length} / ${conflicts.length} of ${CLIENTS}`,
      target: `1 / ${CLIENTS - 1}`,
      ok: winners.length === 1 && conflicts.length === CLIENTS - 1,
    });
    recordFigure({
      check: 'concurrent partner edits: lost updates',
      measured: lost ? '1' : '0',
      target: '0',
      ok: !lost,
    });
    expect(answers.filter((a) => a.status !== 200 && a.status !== 409)).toEqual([]);
    expect([winners.length, conflicts.length]).toEqual([1, CLIENTS - 1]);
    expect(stored).toEqual({ version: before.version + 1, staffCount: 100 + winner!.i, notes: `Edición ${winner!.i}` });
    // Each refusal shows the record as the winner left it, so the client can redo its edit on it.
    expect(conflicts.every((c) => (c.body.current as { version: number }).version === before.version + 1)).toBe(true);
  });

  it('of one agreement: one winner, the rest 409, the winner’s values stored', async () => {
    const before = await p.db
      .selectFrom('agreements')
      .select('version')
      .where('id', '=', p.agreementId)
      .executeTakeFirstOrThrow();
    const { answers, winners, conflicts } = await race(`/api/v1/agreements/${p.agreementId}`, (i) => ({
      version: before.version,
      peopleReached: 1000 + i,
      title: `Convenio ${i}`,
    }));
    const stored = await p.db
      .selectFrom('agreements')
      .select(['version', 'peopleReached', 'title'])
      .where('id', '=', p.agreementId)
      .executeTakeFirstOrThrow();
    const winner = winners[0];
    const lost = winner
      ? !(
          stored.peopleReached === 1000 + winner.i &&
          stored.title === `Convenio ${winner.i}` &&
          stored.version === before.version + 1
        )
      : true;
    recordFigure({
      check: 'concurrent agreement edits: winners / 409s',
      measured: `${winners.length} / ${conflicts.length} of ${CLIENTS}`,
      target: `1 / ${CLIENTS - 1}`,
      ok: winners.length === 1 && conflicts.length === CLIENTS - 1,
    });
    recordFigure({
      check: 'concurrent agreement edits: lost updates',
      measured: lost ? '1' : '0',
      target: '0',
      ok: !lost,
    });
    expect(answers.filter((a) => a.status !== 200 && a.status !== 409)).toEqual([]);
    expect([winners.length, conflicts.length]).toEqual([1, CLIENTS - 1]);
    expect(stored).toEqual({
      version: before.version + 1,
      peopleReached: 1000 + winner!.i,
      title: `Convenio ${winner!.i}`,
    });
  });
});
