// One demo user per role, with the passwords the README documents. Only ever created with demo data.
import type { Role } from '../auth/access.js';
import { SYSTEM_ACTOR } from '../audit/actor.js';
import type { Db } from '../database/connect.js';
import { findCredentials } from '../users/repository.js';
import { createUser } from '../users/service.js';

export const DEMO_USERS: { email: string; name: string; role: Role; password: string }[] = [
  { email: 'admin@demo.cartera.ec', name: 'Andrea Salazar', role: 'admin', password: 'demo-admin-cartera' },
  { email: 'oficial@demo.cartera.ec', name: 'Diego Cedeño', role: 'officer', password: 'demo-oficial-cartera' },
  { email: 'compras@demo.cartera.ec', name: 'Paola Andrade', role: 'procurement', password: 'demo-compras-cartera' },
  { email: 'direccion@demo.cartera.ec', name: 'Jorge Quishpe', role: 'viewer', password: 'demo-direccion-cartera' },
];

export async function createDemoUsers(db: Db): Promise<number> {
  let created = 0;
  for (const user of DEMO_USERS) {
    if (await findCredentials(db, user.email)) continue;
    await createUser(db, SYSTEM_ACTOR, { ...user, mustChangePassword: false, language: null });
    created++;
  }
  return created;
}
