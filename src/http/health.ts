import express, { type Router } from 'express';
import { sql } from 'kysely';
import type { Db } from '../database/connect.js';

export function setUpHealthChecks(db: Db): Router {
  const router = express.Router();
  router.get('/health', async (_req, res) => {
    try {
      await sql`select 1`.execute(db);
      res.json({ status: 'ok', checks: { database: 'ok' } });
    } catch {
      res.status(503).json({ status: 'error', checks: { database: 'unavailable' } });
    }
  });
  return router;
}
