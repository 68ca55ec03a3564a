// npm run token:create -- --email E --name LABEL [--expires-in-days N]
// Prints the new token and nothing else on standard output, for scripts and integrations.
import { parseArgs } from 'node:util';
import { userActor } from '../audit/actor.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../database/connect.js';
import { migrateToLatest } from '../database/migrate.js';
import { findCredentials } from '../users/repository.js';
import { createApiToken } from './service.js';

const USAGE = 'usage: npm run token:create -- --email E --name LABEL [--expires-in-days N]';

const { values } = parseArgs({
  options: { email: { type: 'string' }, name: { type: 'string' }, 'expires-in-days': { type: 'string' } },
});
if (!values.email || !values.name || values.name.trim().length < 2) {
  console.error(USAGE);
  process.exit(2);
}
const days = values['expires-in-days'] === undefined ? null : Number(values['expires-in-days']);
if (days !== null && (!Number.isInteger(days) || days < 1 || days > 3650)) {
  console.error('--expires-in-days must be a whole number from 1 to 3650');
  process.exit(2);
}

const db = openDatabase(loadConfig(process.env).databaseUrl);
try {
  await migrateToLatest(db);
  const found = await findCredentials(db, values.email);
  if (!found || !found.user.active) {
    console.error(`No active user with email ${values.email}.`);
    process.exitCode = 1;
  } else {
    const actor = { ...userActor(found.user), label: `cli (${found.user.email})` };
    const { token } = await createApiToken(db, actor, found.user.id, { name: values.name.trim(), expiresInDays: days });
    process.stdout.write(`${token}\n`);
  }
} finally {
  await db.destroy();
}
