import { resolve } from 'node:path';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const configSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: z
    .string()
    .regex(/^file:.+/, 'must start with "file:", e.g. file:db/cartera.sqlite or file::memory:')
    .default('file:db/cartera.sqlite'),
  DEMO_DATA: z.enum(['on', 'off']).default('on'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  ADMIN_EMAIL: z.email('must be an email address').optional(),
  ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  CHROMIUM_PATH: z.string().default('/usr/bin/chromium'),
  PDF_REPORTS: z.enum(['on', 'off']).default('on'),
  BACKUP_DIR: z.string().optional(),
  BACKUP_EVERY_HOURS: z.coerce.number().positive('must be a number of hours above 0, e.g. 24 or 0.5').max(168, 'must be at most 168 hours (a week)').optional(),
  BACKUP_KEEP: z.coerce.number().int('must be a whole number').min(1).max(1000).optional(),
}).refine((c) => (c.ADMIN_EMAIL === undefined) === (c.ADMIN_PASSWORD === undefined), {
  path: ['ADMIN_PASSWORD'],
  message: 'ADMIN_EMAIL and ADMIN_PASSWORD go together: set both or neither',
}).refine((c) => c.BACKUP_DIR !== undefined || (c.BACKUP_EVERY_HOURS === undefined && c.BACKUP_KEEP === undefined), {
  path: ['BACKUP_DIR'],
  message: 'BACKUP_EVERY_HOURS and BACKUP_KEEP schedule backups into BACKUP_DIR: set the folder too',
}).refine((c) => c.BACKUP_DIR === undefined || c.DATABASE_URL !== 'file::memory:', {
  path: ['BACKUP_DIR'],
  message: 'scheduled backups need a database file; DATABASE_URL is file::memory:',
});

export interface Config {
  port: number;
  databaseUrl: string;
  demoData: boolean;
  production: boolean;
  logLevel: (typeof LOG_LEVELS)[number];
  /** The first administrator, created when the database has no users. */
  firstAdmin: { email: string; password: string } | null;
  /** The Chromium that renders PDF reports; null when PDF reports are off. */
  chromiumPath: string | null;
  /** Scheduled backups into a folder, keeping the newest few; null when BACKUP_DIR is unset. */
  backups: { dir: string; everyHours: number; keep: number } | null;
}

export class ConfigError extends Error {}

/** Reads configuration from an environment; an empty variable counts as unset. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = configSchema.safeParse(present);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = result.data;
  return {
    port: c.PORT,
    databaseUrl: c.DATABASE_URL,
    demoData: c.DEMO_DATA === 'on',
    production: c.NODE_ENV === 'production',
    logLevel: c.LOG_LEVEL,
    firstAdmin: c.ADMIN_EMAIL && c.ADMIN_PASSWORD ? { email: c.ADMIN_EMAIL, password: c.ADMIN_PASSWORD } : null,
    chromiumPath: c.PDF_REPORTS === 'on' ? c.CHROMIUM_PATH : null,
    backups: c.BACKUP_DIR ? { dir: resolve(c.BACKUP_DIR), everyHours: c.BACKUP_EVERY_HOURS ?? 24, keep: c.BACKUP_KEEP ?? 7 } : null,
  };
}
