// Scratch folders and file databases for the operations tests, and the operator commands as an
// operator runs them (npm run …, DATABASE_URL in the environment).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { type Db, openDatabase } from '../../src/database/connect.js';
import { migrateToLatest } from '../../src/database/migrate.js';
import { addPartner } from '../helpers/app.js';

const folders: string[] = [];

export function scratchFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'cartera-ops-'));
  folders.push(folder);
  return folder;
}

export function removeScratchFolders(): void {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
}

/** A migrated database file holding the named partners; open, so the test can go on writing. */
export async function databaseWith(path: string, partnerNames: string[]): Promise<Db> {
  const db = openDatabase(`file:${path}`);
  await migrateToLatest(db);
  for (const name of partnerNames) await addPartner(db, { name });
  return db;
}

/** Partner names in a database file, read straight from SQLite. */
export function partnerNamesIn(path: string): string[] {
  const sqlite = new SQLite(path, { readonly: true, fileMustExist: true });
  try {
    return sqlite.prepare('select name from partners order by name').pluck().all() as string[];
  } finally {
    sqlite.close();
  }
}

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run <script> -- <args>` with DATABASE_URL set, as an operator types it. */
export function npmRun(script: string, args: string[], databaseUrl: string): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', script, '--', ...args], {
      env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
