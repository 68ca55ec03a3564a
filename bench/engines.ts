// Where the bench keeps its databases: temporary SQLite files, or databases in a throwaway
// PostgreSQL cluster (tests/helpers/postgres-cluster.ts, fsync off, deleted when stopped). Every
// scenario opens its databases here and then goes through the same app code on either engine.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { sql } from 'kysely';
import { type Db, DEFAULT_POOL_SIZE, type Engine, openDatabase } from '../src/database/connect.js';
import { type Cluster, databaseUrl, startCluster } from '../tests/helpers/postgres-cluster.js';

export const ENGINE_LABELS: Record<Engine, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

/** One database of a scenario. `db` changes when `copy` had to close and reopen it. */
export class BenchDatabase {
  db: Db;
  constructor(
    readonly url: string,
    private readonly poolSize: number,
    private readonly onClose: () => Promise<void>,
  ) {
    this.db = openDatabase(url, { poolSize });
  }
  reopen(): void {
    this.db = openDatabase(this.url, { poolSize: this.poolSize });
  }
  async close(): Promise<void> {
    await this.db.destroy();
    await this.onClose();
  }
}

export interface BenchEngine {
  readonly name: Engine;
  readonly poolSize: number;
  /** A new, empty database (not migrated). `name` is a short word: `demo`, `bench`, `imports`. */
  create(name: string): Promise<BenchDatabase>;
  /** A copy of `source` as it is now, for each extra mixed-load run (PostgreSQL only: app instances). */
  copy?(source: BenchDatabase, name: string): Promise<BenchDatabase>;
  /** Where the server writes its log (PostgreSQL), to read auto_explain's plans from; null for SQLite. */
  logFile(): Promise<string | null>;
  /** Deletes every database it made; safe to call twice and from a signal handler (synchronous). */
  dispose(): void;
}

export function sqliteEngine(): BenchEngine {
  const dir = mkdtempSync(join(tmpdir(), 'cartera-bench-'));
  return {
    name: 'sqlite',
    poolSize: 1,
    create(name) {
      return Promise.resolve(
        new BenchDatabase(`file:${join(dir, `${name}.sqlite`)}`, 1, () => {
          for (const suffix of ['', '-wal', '-shm']) rmSync(join(dir, `${name}.sqlite${suffix}`), { force: true });
          return Promise.resolve();
        }),
      );
    },
    logFile: () => Promise.resolve(null),
    dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface PostgresOptions {
  poolSize?: number;
  /**
   * Log the plan (EXPLAIN ANALYZE with row counts and buffers, not per-node timing) of every
   * statement slower than this many milliseconds through auto_explain. Counting rows costs a little
   * on every statement, so the figures of such a run are slightly slower.
   */
  explainMs?: number | undefined;
}

/** Starts the throwaway cluster; `dispose()` stops it and deletes its files. */
export async function postgresEngine(options: PostgresOptions = {}): Promise<BenchEngine> {
  const poolSize = options.poolSize ?? DEFAULT_POOL_SIZE;
  const cluster: Cluster = await startCluster();
  const admin = openDatabase(cluster.url, { poolSize: 1, idleMs: 1000 });
  const prepare = async (name: string) => {
    if (options.explainMs === undefined) return;
    // Per database, so that the app processes' connections load it too.
    await sql`alter database ${sql.id(name)} set session_preload_libraries = 'auto_explain'`.execute(admin);
    for (const [setting, value] of [
      ['auto_explain.log_min_duration', `${String(options.explainMs)}ms`],
      ['auto_explain.log_analyze', 'on'],
      // Row counts and buffers per plan node say why; timing every node would slow every statement.
      ['auto_explain.log_timing', 'off'],
      ['auto_explain.log_buffers', 'on'],
    ] as const)
      await sql`alter database ${sql.id(name)} set ${sql.raw(setting)} = ${sql.lit(value)}`.execute(admin);
  };
  const drop = (name: string) => async () => {
    await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin);
  };
  let disposed = false;
  return {
    name: 'postgres',
    poolSize,
    async create(name) {
      await sql`create database ${sql.id(name)}`.execute(admin);
      await prepare(name);
      return new BenchDatabase(databaseUrl(cluster.url, name), poolSize, drop(name));
    },
    async copy(source, name) {
      // A template must have no other connections while it is copied.
      await source.db.destroy();
      try {
        const from = new URL(source.url).pathname.slice(1);
        await sql`create database ${sql.id(name)} template ${sql.id(from)}`.execute(admin);
      } finally {
        source.reopen();
      }
      return new BenchDatabase(databaseUrl(cluster.url, name), poolSize, drop(name));
    },
    async logFile() {
      const { rows } = await sql<{
        dataDirectory: string;
      }>`select current_setting('data_directory') as data_directory`.execute(admin);
      const data = rows[0]?.dataDirectory;
      return data ? join(dirname(data), 'server.log') : null;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      void admin.destroy().catch(() => undefined);
      cluster.stop();
    },
  };
}

/** The server log's length now, to read what a scenario added to it afterwards. */
export function logOffset(file: string | null): number {
  if (!file) return 0;
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

export interface SlowPlan {
  ms: number;
  count: number;
  query: string;
  plan: string;
}

/** The slowest distinct statements auto_explain logged since `offset`, slowest first. */
export function slowPlans(file: string, offset: number, limit: number): SlowPlan[] {
  const text = readFileSync(file).subarray(offset).toString('utf8');
  const byQuery = new Map<string, SlowPlan>();
  // An entry is its `LOG:  duration: … ms  plan:` line followed by lines that start with a tab.
  for (const match of text.matchAll(/LOG: {2}duration: ([\d.]+) ms {2}plan:\n((?:\t.*\n?)*)/g)) {
    const ms = Number(match[1]);
    const body = (match[2] ?? '').replace(/^\t/gm, '');
    const query = /^Query Text: ([\s\S]*?)\n(?=\S)/m.exec(body)?.[1]?.trim() ?? body.split('\n')[0] ?? '';
    const plan = body.slice(body.indexOf(query) + query.length).trim();
    const known = byQuery.get(query);
    if (!known) byQuery.set(query, { ms, count: 1, query, plan });
    else {
      known.count++;
      if (ms > known.ms) Object.assign(known, { ms, plan });
    }
  }
  return [...byQuery.values()].sort((a, b) => b.ms - a.ms).slice(0, limit);
}
