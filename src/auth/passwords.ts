// Argon2id password hashing (OWASP's recommended parameters: 19 MiB, 2 passes) and the password rules.
import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';
import type { MessageKey } from '../i18n/index.js';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;

const ARGON2_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Spent on unknown emails so that a failed sign-in takes as long whether or not the account exists.
let decoyHash: Promise<string> | undefined;
export async function verifyAgainstDecoy(password: string): Promise<false> {
  decoyHash ??= hashPassword(`decoy-${Math.random()}`);
  await verifyPassword(await decoyHash, password);
  return false;
}

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set(dictionary['passwords-common']);
  return common;
}

/**
 * Why a new password is refused, as a translation key, or null when it is acceptable. A password
 * is common when it, or its letters without the digits and symbols padded around them
 * ("Password2024!"), appear in a list of about 50,000 leaked passwords.
 */
export function passwordProblem(password: string): MessageKey | null {
  if (password.length < MIN_PASSWORD_LENGTH) return 'validation.passwordTooShort';
  if (password.length > MAX_PASSWORD_LENGTH) return 'validation.passwordTooLong';
  const lower = password.toLowerCase();
  const core = lower.replace(/^[^a-z]+|[^a-z]+$/g, '');
  const list = commonPasswords();
  if (list.has(lower) || (core.length >= 4 && list.has(core)) || /^(.)\1+$/.test(lower))
    return 'validation.passwordCommon';
  return null;
}
