import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_LIMIT_SETTINGS as LIMITS, type LimitSettings } from './http/limits.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const configSchema = z
  .object({
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    DATABASE_URL: z
      .string()
      .regex(
        /^(file:.+|postgres(ql)?:\/\/.+)$/,
        'must start with "file:" (SQLite, e.g. file:db/cartera.sqlite) or "postgres://" (PostgreSQL, e.g. postgres://cartera@db.example.org/cartera)',
      )
      .default('file:db/cartera.sqlite'),
    DATABASE_POOL_SIZE: z.coerce
      .number()
      .int('must be a whole number')
      .min(1, 'must be at least 1 connection')
      .max(200, 'must be at most 200 connections')
      .optional(),
    DEMO_DATA: z.enum(['on', 'off']).default('on'),
    // `npm start` is what an office runs: production unless development is asked for (`npm run dev`).
    NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
    TRUST_PROXY: z
      .string()
      .refine(
        isProxyList,
        'must be a number of proxy hops (1–10) or a comma-separated list of proxy addresses or subnets (e.g. 127.0.0.1 or 10.0.0.0/8), or loopback, linklocal, uniquelocal',
      )
      .optional(),
    LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
    ADMIN_EMAIL: z.email('must be an email address').optional(),
    ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
    CHROMIUM_PATH: z.string().default('/usr/bin/chromium'),
    PDF_REPORTS: z.enum(['on', 'off']).default('on'),
    PDF_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(LIMITS.pdfConcurrency),
    PDF_TIMEOUT_SECONDS: z.coerce.number().int().min(5).max(600).default(LIMITS.pdfTimeoutSeconds),
    IMPORT_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(LIMITS.importConcurrency),
    EXPORT_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(LIMITS.exportConcurrency),
    WORK_QUEUE_WAIT_SECONDS: z.coerce.number().int().min(1).max(600).default(LIMITS.queueWaitSeconds),
    API_RATE_LIMIT: z.coerce.number().int().min(0).default(LIMITS.apiRequestsPerMinute),
    BACKUP_DIR: z.string().optional(),
    BACKUP_EVERY_HOURS: z.coerce
      .number()
      .positive('must be a number of hours above 0, e.g. 24 or 0.5')
      .max(168, 'must be at most 168 hours (a week)')
      .optional(),
    BACKUP_KEEP: z.coerce.number().int('must be a whole number').min(1).max(1000).optional(),
  })
  .refine((c) => (c.ADMIN_EMAIL === undefined) === (c.ADMIN_PASSWORD === undefined), {
    path: ['ADMIN_PASSWORD'],
    error: 'ADMIN_EMAIL and ADMIN_PASSWORD go together: set both or neither',
  })
  .refine((c) => c.BACKUP_DIR !== undefined || (c.BACKUP_EVERY_HOURS === undefined && c.BACKUP_KEEP === undefined), {
    path: ['BACKUP_DIR'],
    error: 'BACKUP_EVERY_HOURS and BACKUP_KEEP schedule backups into BACKUP_DIR: set the folder too',
  })
  .refine((c) => c.BACKUP_DIR === undefined || c.DATABASE_URL !== 'file::memory:', {
    path: ['BACKUP_DIR'],
    error: 'scheduled backups need a database file; DATABASE_URL is file::memory:',
  })
  .refine((c) => c.BACKUP_DIR === undefined || c.DATABASE_URL.startsWith('file:'), {
    path: ['BACKUP_DIR'],
    error: "scheduled backups copy a SQLite file; on PostgreSQL use the server's own backups (pg_dump, base backups)",
  })
  .refine((c) => c.DATABASE_POOL_SIZE === undefined || !c.DATABASE_URL.startsWith('file:'), {
    path: ['DATABASE_POOL_SIZE'],
    error: 'a connection pool is for PostgreSQL; SQLite runs in the process (leave DATABASE_POOL_SIZE unset)',
  });

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** Which proxies' forwarding headers to believe: a hop count, or addresses, subnets and Express's named ranges. */
function isProxyList(value: string): boolean {
  if (/^\d+$/.test(value)) return Number(value) >= 1 && Number(value) <= 10;
  return value.split(',').every((item) => {
    const entry = item.trim();
    if (PROXY_NAMES.has(entry)) return true;
    const [address, prefix, ...rest] = entry.split('/');
    const family = isIP(address ?? '');
    if (family === 0 || rest.length > 0) return false;
    return prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
  });
}

export interface Config {
  port: number;
  databaseUrl: string;
  /** Most PostgreSQL connections one instance opens; undefined on SQLite. */
  databasePoolSize: number | undefined;
  demoData: boolean;
  production: boolean;
  logLevel: (typeof LOG_LEVELS)[number];
  /** Express's `trust proxy`: false (no forwarding header is believed), a hop count or a list of proxies. */
  trustProxy: false | number | string;
  /** The first administrator, created when the database has no users. */
  firstAdmin: { email: string; password: string } | null;
  /** The Chromium that renders PDF reports; null when PDF reports are off. */
  chromiumPath: string | null;
  /** Concurrency of PDF reports, imports and exports, and the API rate limit. */
  limits: LimitSettings;
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
    databasePoolSize: c.DATABASE_POOL_SIZE,
    demoData: c.DEMO_DATA === 'on',
    production: c.NODE_ENV === 'production',
    logLevel: c.LOG_LEVEL,
    trustProxy:
      c.TRUST_PROXY === undefined ? false : /^\d+$/.test(c.TRUST_PROXY) ? Number(c.TRUST_PROXY) : c.TRUST_PROXY,
    firstAdmin: c.ADMIN_EMAIL && c.ADMIN_PASSWORD ? { email: c.ADMIN_EMAIL, password: c.ADMIN_PASSWORD } : null,
    chromiumPath: c.PDF_REPORTS === 'on' ? c.CHROMIUM_PATH : null,
    limits: {
      pdfConcurrency: c.PDF_CONCURRENCY,
      pdfTimeoutSeconds: c.PDF_TIMEOUT_SECONDS,
      importConcurrency: c.IMPORT_CONCURRENCY,
      exportConcurrency: c.EXPORT_CONCURRENCY,
      queueWaitSeconds: c.WORK_QUEUE_WAIT_SECONDS,
      apiRequestsPerMinute: c.API_RATE_LIMIT,
    },
    backups: c.BACKUP_DIR
      ? { dir: resolve(c.BACKUP_DIR), everyHours: c.BACKUP_EVERY_HOURS ?? 24, keep: c.BACKUP_KEEP ?? 7 }
      : null,
  };
}
