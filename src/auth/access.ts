// Who may do what: the one table the server enforces for every page and API route.
export const ROLES = ['viewer', 'officer', 'procurement', 'admin'] as const;
export type Role = (typeof ROLES)[number];

//                                 viewer  officer  procurement  admin
const TABLE = {
  'partners.read': [true, true, true, true],
  'partners.write': [false, true, false, true],
  'evidence.write': [false, true, false, true],
  'flags.update': [false, true, true, true],
  'flags.resolve': [false, false, true, true],
  'methodology.manage': [false, false, true, true],
  'portfolio.manage': [false, false, true, true],
  'account.self': [true, true, true, true],
  'users.manage': [false, false, false, true],
  'reference.manage': [false, false, false, true],
  'audit.read': [false, false, false, true],
  // Backups and their schedule (the admin backup page).
  'operations.read': [false, false, false, true],
  // Import pages; each record type also needs the action that guards typing it in.
  'imports.use': [false, true, true, true],
} as const satisfies Record<string, readonly [boolean, boolean, boolean, boolean]>;

export type Action = keyof typeof TABLE;
export const ACTIONS = Object.keys(TABLE) as Action[];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function can(role: Role, action: Action): boolean {
  return TABLE[action][ROLES.indexOf(role)] ?? false;
}
