// Global setup of `npm run test:pg`: a throwaway PostgreSQL cluster (or the server named by
// TEST_DATABASE_URL), one migrated template database, and its URL handed to every test file.
// Each test then gets its own database cloned from the template (tests/helpers/test-database.ts),
// so test files run in parallel exactly as they do on SQLite.
import { sql } from 'kysely';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/database/connect.js';
import { migrateToLatest } from '../../src/database/migrate.js';
import { databaseUrl, startCluster } from './postgres-cluster.js';

export const TEMPLATE = 'cartera_template';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string | undefined;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const given = process.env.TEST_DATABASE_URL;
  const cluster = given ? null : await startCluster();
  const server = given ?? cluster?.url ?? '';
  const admin = openDatabase(server);
  await sql`drop database if exists ${sql.id(TEMPLATE)} with (force)`.execute(admin);
  await sql`create database ${sql.id(TEMPLATE)}`.execute(admin);
  await admin.destroy();
  const template = openDatabase(databaseUrl(server, TEMPLATE));
  await migrateToLatest(template);
  await template.destroy();
  project.provide('postgresUrl', server);
  return () => {
    cluster?.stop();
  };
}
