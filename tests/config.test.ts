import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('configuration from the environment', () => {
  it('has working defaults', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      databaseUrl: 'file:db/cartera.sqlite',
      demoData: true,
      production: false,
      logLevel: 'info',
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({ PORT: '8080', DATABASE_URL: 'file::memory:', DEMO_DATA: 'off', NODE_ENV: 'production', LOG_LEVEL: 'warn' });
    expect(config).toEqual({ port: 8080, databaseUrl: 'file::memory:', demoData: false, production: true, logLevel: 'warn' });
  });

  it('stops with a message naming each bad variable', () => {
    expect(() => loadConfig({ PORT: 'abc', DEMO_DATA: 'yes', DATABASE_URL: 'postgres://x' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'abc', DEMO_DATA: 'yes', DATABASE_URL: 'postgres://x' });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain('PORT');
      expect(message).toContain('DEMO_DATA');
      expect(message).toContain('DATABASE_URL: must start with "file:"');
    }
  });
});
