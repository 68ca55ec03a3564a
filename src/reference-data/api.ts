import express, { type Router } from 'express';
import type { Db } from '../database/connect.js';
import { listAssistanceTypes, listTerritories } from './repository.js';

export function referenceDataApi(db: Db): Router {
  const router = express.Router();
  router.get('/territories', async (_req, res) => {
    res.json({ data: await listTerritories(db) });
  });
  router.get('/assistance-types', async (_req, res) => {
    res.json({ data: await listAssistanceTypes(db) });
  });
  return router;
}
