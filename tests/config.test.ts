import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { DEFAULT_LIMIT_SETTINGS } from '../src/http/limits.js';

describe('configuration from the environment', () => {
  it('has working defaults', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      databaseUrl: 'file:db/cartera.sqlite',
      demoData: true,
      production: true,
      logLevel: 'info',
      trustProxy: false,
      firstAdmin: null,
      chromiumPath: '/usr/bin/chromium',
      limits: DEFAULT_LIMIT_SETTINGS,
      backups: null,
    });
    expect(loadConfig({ PDF_REPORTS: 'off' }).chromiumPath).toBeNull();
    expect(loadConfig({ CHROMIUM_PATH: '/opt/chromium/chrome' }).chromiumPath).toBe('/opt/chromium/chrome');
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'file::memory:',
      DEMO_DATA: 'off',
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
    });
    expect(config).toEqual({
      port: 8080,
      databaseUrl: 'file::memory:',
      demoData: false,
      production: true,
      logLevel: 'warn',
      trustProxy: false,
      firstAdmin: null,
      chromiumPath: '/usr/bin/chromium',
      limits: DEFAULT_LIMIT_SETTINGS,
      backups: null,
    });
    expect(loadConfig({ NODE_ENV: 'development' }).production).toBe(false);
    expect(loadConfig({ ADMIN_EMAIL: 'jefa@example.org', ADMIN_PASSWORD: 'una clave bien larga' }).firstAdmin).toEqual({
      email: 'jefa@example.org',
      password: 'una clave bien larga',
    });
  });

  it('believes forwarding headers only from the proxies TRUST_PROXY names', () => {
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback' }).trustProxy).toBe('loopback');
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.168.1.5,::1' }).trustProxy).toBe('10.0.0.0/8, 192.168.1.5,::1');
    for (const bad of ['true', '*', '0', '10.0.0.0/33', 'proxy.example.org']) {
      expect(() => loadConfig({ TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY: must be a number of proxy hops/);
    }
  });

  it('reads the limits of expensive work and of the API', () => {
    const config = loadConfig({
      PDF_CONCURRENCY: '1',
      PDF_TIMEOUT_SECONDS: '60',
      IMPORT_CONCURRENCY: '3',
      EXPORT_CONCURRENCY: '8',
      WORK_QUEUE_WAIT_SECONDS: '5',
      API_RATE_LIMIT: '0',
    });
    expect(config.limits).toEqual({
      pdfConcurrency: 1,
      pdfTimeoutSeconds: 60,
      importConcurrency: 3,
      exportConcurrency: 8,
      queueWaitSeconds: 5,
      apiRequestsPerMinute: 0,
    });
    expect(() => loadConfig({ PDF_CONCURRENCY: '0' })).toThrow(/PDF_CONCURRENCY/);
    expect(() => loadConfig({ API_RATE_LIMIT: '-1' })).toThrow(/API_RATE_LIMIT/);
  });

  it('stops with a message naming each bad variable', () => {
    expect(() => loadConfig({ PORT: 'abc', DEMO_DATA: 'yes', DATABASE_URL: 'mysql://x' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'abc', DEMO_DATA: 'yes', DATABASE_URL: 'mysql://x' });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('PORT');
      expect(message).toContain('DEMO_DATA');
      expect(message).toContain('DATABASE_URL: must start with "file:" (SQLite');
      expect(message).toContain('or "postgres://" (PostgreSQL');
    }
  });

  it('opens PostgreSQL for a postgres:// address, with a pool whose size can be set', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://cartera@db.example.org/cartera', DATABASE_POOL_SIZE: '25' });
    expect(config.databaseUrl).toBe('postgres://cartera@db.example.org/cartera');
    expect(config.databasePoolSize).toBe(25);
    expect(loadConfig({ DATABASE_URL: 'postgresql://db/cartera' }).databasePoolSize).toBeUndefined();
    expect(() => loadConfig({ DATABASE_URL: 'postgres://db/cartera', DATABASE_POOL_SIZE: '0' })).toThrow(
      /DATABASE_POOL_SIZE: must be at least 1 connection/,
    );
    expect(() => loadConfig({ DATABASE_POOL_SIZE: '5' })).toThrow(
      /DATABASE_POOL_SIZE: a connection pool is for PostgreSQL/,
    );
    expect(() => loadConfig({ DATABASE_URL: 'postgres://db/cartera', BACKUP_DIR: '/srv/copias' })).toThrow(
      /BACKUP_DIR: scheduled backups copy a SQLite file; on PostgreSQL use the server's own backups/,
    );
  });

  it('wants ADMIN_EMAIL and ADMIN_PASSWORD together, and a password of 12 characters or more', () => {
    expect(() => loadConfig({ ADMIN_EMAIL: 'jefa@example.org' })).toThrow(
      /ADMIN_PASSWORD: ADMIN_EMAIL and ADMIN_PASSWORD go together/,
    );
    expect(() => loadConfig({ ADMIN_EMAIL: 'jefa@example.org', ADMIN_PASSWORD: 'corta' })).toThrow(
      /at least 12 characters/,
    );
  });

  it('schedules backups only into a folder, from a database file', () => {
    expect(loadConfig({ BACKUP_DIR: 'backups' }).backups).toEqual({
      dir: expect.stringMatching(/\/backups$/),
      everyHours: 24,
      keep: 7,
    });
    expect(loadConfig({ BACKUP_DIR: '/srv/copias', BACKUP_EVERY_HOURS: '6', BACKUP_KEEP: '28' }).backups).toEqual({
      dir: '/srv/copias',
      everyHours: 6,
      keep: 28,
    });
    expect(() => loadConfig({ BACKUP_EVERY_HOURS: '6' })).toThrow(
      /BACKUP_DIR: BACKUP_EVERY_HOURS and BACKUP_KEEP schedule backups into BACKUP_DIR/,
    );
    expect(() => loadConfig({ BACKUP_DIR: '/srv/copias', DATABASE_URL: 'file::memory:' })).toThrow(
      /BACKUP_DIR: scheduled backups need a database file/,
    );
    expect(() => loadConfig({ BACKUP_DIR: '/srv/copias', BACKUP_EVERY_HOURS: '0', BACKUP_KEEP: '2.5' })).toThrow(
      /BACKUP_EVERY_HOURS: must be a number of hours above 0[\s\S]*BACKUP_KEEP: must be a whole number/,
    );
  });
});
