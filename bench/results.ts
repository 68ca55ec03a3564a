// The figures of one bench run, per scenario and engine, printed side by side at the end:
// scenario | SQLite | PostgreSQL (ratio), the ratio being PostgreSQL's figure over SQLite's.
import type { Engine } from '../src/database/connect.js';
import { ENGINE_LABELS } from './engines.js';

export interface Figure {
  /** What the ratio compares: a time (lower is better) or a throughput (higher is better). */
  value: number;
  /** The cell as printed. */
  text: string;
  /** Requests per second and the like: a ratio above 1 is then PostgreSQL ahead. */
  throughput?: boolean;
}

export class Results {
  private readonly rows = new Map<string, Map<Engine, Figure>>();
  /**
   * Rows in print order, one list per scenario of the run; inside one, a row only one engine has
   * (PostgreSQL's ANALYZE, its extra app instances) goes after that engine's previous row.
   */
  private readonly groups: string[][] = [[]];
  private readonly lastOf = new Map<Engine, string>();

  constructor(readonly engines: Engine[]) {}

  /** The rows added from now on belong to the next scenario. */
  startGroup(): void {
    this.groups.push([]);
    this.lastOf.clear();
  }

  add(scenario: string, engine: Engine, figure: Figure): void {
    let row = this.rows.get(scenario);
    if (!row) {
      row = new Map<Engine, Figure>();
      this.rows.set(scenario, row);
      const group = this.groups.at(-1) ?? [];
      const previous = this.lastOf.get(engine);
      group.splice(previous === undefined ? 0 : group.indexOf(previous) + 1, 0, scenario);
    }
    row.set(engine, figure);
    this.lastOf.set(engine, scenario);
  }

  private get order(): string[] {
    return this.groups.flat();
  }

  /** The scenario whose PostgreSQL figure is furthest behind SQLite's (times only), with its ratio. */
  worstForPostgres(): { scenario: string; ratio: number } | null {
    let worst: { scenario: string; ratio: number } | null = null;
    for (const scenario of this.order) {
      const row = this.rows.get(scenario);
      if (!row) continue;
      const sqlite = row.get('sqlite');
      const postgres = row.get('postgres');
      if (!sqlite || !postgres || postgres.throughput || sqlite.value <= 0) continue;
      const ratio = postgres.value / sqlite.value;
      if (!worst || ratio > worst.ratio) worst = { scenario, ratio };
    }
    return worst;
  }

  /** A Markdown table, so that it can be pasted into the README as it is. */
  table(): string {
    const both = this.engines.length > 1;
    const header = [
      'scenario',
      ...this.engines.map((e) => (both && e === 'postgres' ? 'PostgreSQL (ratio)' : ENGINE_LABELS[e])),
    ];
    const lines = this.order.map((scenario) => {
      const row = this.rows.get(scenario) ?? new Map<Engine, Figure>();
      const sqlite = row.get('sqlite');
      return [
        scenario,
        ...this.engines.map((engine) => {
          const figure = row.get(engine);
          if (!figure) return '—';
          if (!both || engine !== 'postgres' || !sqlite || sqlite.value <= 0) return figure.text;
          return `${figure.text} (×${formatRatio(figure.value / sqlite.value)})`;
        }),
      ];
    });
    const widths = header.map((h, i) => Math.max(h.length, ...lines.map((line) => (line[i] ?? '').length)));
    const format = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
    return [format(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(format)].join('\n');
  }
}

function formatRatio(ratio: number): string {
  return ratio >= 10 ? ratio.toFixed(0) : ratio >= 1 ? ratio.toFixed(1) : ratio.toFixed(2);
}

/** A latency figure: p50 and p95 (or p99) shown, the ratio taken on p50 (steadier over 200 requests). */
export function latency(p50: number, high: number, highLabel = 'p95'): Figure {
  return { value: p50, text: `p50 ${ms(p50)}, ${highLabel} ${ms(high)}` };
}

export function seconds(value: number, extra = ''): Figure {
  return { value, text: `${value.toFixed(2)} s${extra}` };
}

export function ms(value: number): string {
  return `${value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0)} ms`;
}
