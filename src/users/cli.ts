// npm run user:create -- --email E --name N --role R   (the password is read from standard input)
import { text } from 'node:stream/consumers';
import { parseArgs } from 'node:util';
import { isRole } from '../auth/access.js';
import { passwordProblem } from '../auth/passwords.js';
import { SYSTEM_ACTOR } from '../audit/actor.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../database/connect.js';
import { migrateToLatest } from '../database/migrate.js';
import { keyOrText, translator } from '../i18n/index.js';
import { ConflictError } from '../shared/errors.js';
import { newUserSchema } from './schemas.js';
import { createUser } from './service.js';

const USAGE =
  'usage: npm run user:create -- --email E --name N --role viewer|officer|procurement|admin  (password on standard input)';
const t = translator('en');

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const { values } = parseArgs({
  options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' } },
});
if (!values.email || !values.name || !values.role) fail(USAGE);
if (!isRole(values.role)) fail(`--role must be one of viewer, officer, procurement, admin\n${USAGE}`);

if (process.stdin.isTTY) process.stderr.write('Password (at least 12 characters), then Enter and Ctrl-D: ');
const password = (await text(process.stdin)).replace(/\r?\n$/, '');
const problem = passwordProblem(password);
if (problem) fail(t(problem));

const parsed = newUserSchema.safeParse({ email: values.email, name: values.name, role: values.role, password });
if (!parsed.success)
  fail(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${t(keyOrText(issue.message))}`).join('\n'));

const db = openDatabase(loadConfig(process.env).databaseUrl);
try {
  await migrateToLatest(db);
  const user = await createUser(db, { ...SYSTEM_ACTOR, label: 'cli' }, { ...parsed.data, mustChangePassword: false });
  console.log(`Created ${user.role} ${user.email} (id ${user.id}).`);
} catch (error) {
  if (error instanceof ConflictError) fail(t('validation.emailTaken'));
  throw error;
} finally {
  await db.destroy();
}
