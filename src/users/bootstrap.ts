// First start: make sure someone can sign in.
import { newSecret } from '../auth/secrets.js';
import { SYSTEM_ACTOR } from '../audit/actor.js';
import type { Db } from '../database/connect.js';
import { countUsers } from './repository.js';
import { createUser } from './service.js';

export type FirstAdmin =
  | { kind: 'none' }
  | { kind: 'from_environment'; email: string }
  | { kind: 'generated'; email: string; password: string };

export const GENERATED_ADMIN_EMAIL = 'admin@cartera.local';

/**
 * With no users: creates the admin named by ADMIN_EMAIL / ADMIN_PASSWORD when given, or else an
 * admin with a generated one-time password that must be changed at first sign-in.
 */
export async function ensureFirstAdmin(db: Db, given: { email: string; password: string } | null): Promise<FirstAdmin> {
  if ((await countUsers(db)) > 0) return { kind: 'none' };
  if (given) {
    await createUser(db, SYSTEM_ACTOR, {
      email: given.email,
      name: 'Administrator',
      role: 'admin',
      password: given.password,
      mustChangePassword: false,
    });
    return { kind: 'from_environment', email: given.email };
  }
  const password = newSecret(12);
  await createUser(db, SYSTEM_ACTOR, {
    email: GENERATED_ADMIN_EMAIL,
    name: 'Administrator',
    role: 'admin',
    password,
    mustChangePassword: true,
  });
  return { kind: 'generated', email: GENERATED_ADMIN_EMAIL, password };
}
