// What the database commands share: required string options, and a message and exit code on failure.
import { parseArgs } from 'node:util';

export function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

/** The values of `--<name> VALUE` for each name; a missing or unknown option prints the usage and exits 2. */
export function requiredOptions<N extends string>(names: readonly N[], usage: string): Record<N, string> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ options: Object.fromEntries(names.map((name) => [name, { type: 'string' as const }])) }));
  } catch (error) {
    fail(`${(error as Error).message}\n${usage}`, 2);
  }
  const found = {} as Record<N, string>;
  for (const name of names) {
    const value = values[name];
    if (typeof value !== 'string' || value === '') fail(usage, 2);
    found[name] = value;
  }
  return found;
}

/** The value of `--<option> FILE`; a missing or unknown option prints the usage and exits 2. */
export function requiredFileOption(option: string, usage: string): string {
  return requiredOptions([option], usage)[option] ?? fail(usage, 2);
}
