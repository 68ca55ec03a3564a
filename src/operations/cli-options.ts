// What the two database commands share: one required file option, and a message and exit code on failure.
import { parseArgs } from 'node:util';

export function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

/** The value of `--<option> FILE`; a missing or unknown option prints the usage and exits 2. */
export function requiredFileOption(option: string, usage: string): string {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ options: { [option]: { type: 'string' } } }));
  } catch (error) {
    fail(`${(error as Error).message}\n${usage}`, 2);
  }
  const value = values[option];
  if (typeof value !== 'string' || value === '') fail(usage, 2);
  return value;
}
