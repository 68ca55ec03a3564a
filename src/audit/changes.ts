// What changed between two versions of a record, field by field. Pure.

export type FieldChanges = Record<string, { before: unknown; after: unknown }>;

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Fields whose values differ; `before` null means the record is new. Secrets never pass through here. */
export function fieldChanges<T extends object>(
  before: T | null,
  after: T,
  fields: readonly (keyof T & string)[],
): FieldChanges {
  const changes: FieldChanges = {};
  for (const field of fields) {
    const old = before ? before[field] : null;
    const now = after[field];
    if (before === null && (now === null || now === undefined)) continue;
    if (!same(old, now)) changes[field] = { before: old ?? null, after: now ?? null };
  }
  return changes;
}
