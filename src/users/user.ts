import type { Role } from '../auth/access.js';
import type { Language } from '../i18n/index.js';

export interface User {
  id: number;
  email: string;
  name: string;
  role: Role;
  language: Language | null;
  active: boolean;
  mustChangePassword: boolean;
  createdAt: string;
  updatedAt: string;
  lastSignInAt: string | null;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
