// Each reliability test records what it measured; figures-setup.ts prints the rows as one table
// when the run ends, whether the tests passed or not.
import { appendFileSync } from 'node:fs';
import { inject } from 'vitest';

export interface Figure {
  check: string;
  measured: string;
  target: string;
  ok: boolean;
}

declare module 'vitest' {
  export interface ProvidedContext {
    reliabilityFigures: string;
  }
}

export function recordFigure(figure: Figure): void {
  appendFileSync(inject('reliabilityFigures'), `${JSON.stringify(figure)}\n`);
}
