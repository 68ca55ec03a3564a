// Figures derived from many rows (balance, alerts) are cached per database until one of the change
// counters they depend on moves, so repeated reads are cheap and a change is seen at once.
import type { Executor } from '../database/executor.js';
import { type RevisionKey, currentRevision } from './revisions.js';

const MAX_ENTRIES = 32;
const caches = new WeakMap<object, Map<string, { stamp: string; value: unknown }>>();

export async function cachedUntilChange<T>(
  db: Executor,
  key: string,
  revisions: readonly RevisionKey[],
  compute: () => Promise<T>,
): Promise<T> {
  const stamp = (await Promise.all(revisions.map((r) => currentRevision(db, r)))).join('|');
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map<string, { stamp: string; value: unknown }>()));
  const hit = cache.get(key);
  if (hit && hit.stamp === stamp) return hit.value as T;
  const value = await compute();
  cache.delete(key);
  cache.set(key, { stamp, value });
  const oldest = cache.keys().next();
  if (cache.size > MAX_ENTRIES && !oldest.done) cache.delete(oldest.value);
  return value;
}
