// Global setup of the reliability suite: a scratch file the tests append figures to, printed as a
// table at teardown.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import type { Figure } from './figures.js';

export default function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'cartera-reliability-'));
  const file = join(dir, 'figures.jsonl');
  project.provide('reliabilityFigures', file);
  return () => {
    const rows: Figure[] = existsSync(file)
      ? readFileSync(file, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as Figure)
      : [];
    rmSync(dir, { recursive: true, force: true });
    rows.sort((a, b) => a.check.localeCompare(b.check));
    const header: Figure = { check: 'Check', measured: 'Measured', target: 'Target', ok: true };
    const width = (key: 'check' | 'measured' | 'target') => Math.max(...[header, ...rows].map((r) => r[key].length));
    const [c, m, t] = [width('check'), width('measured'), width('target')];
    const line = (r: Figure, status: string) =>
      `${r.check.padEnd(c)}  ${r.measured.padEnd(m)}  ${r.target.padEnd(t)}  ${status}`;
    console.log(`\nReliability figures\n${line(header, 'Result')}\n${'-'.repeat(c + m + t + 12)}`);
    for (const row of rows) console.log(line(row, row.ok ? 'ok' : 'FAILED'));
    console.log('');
  };
}
