// Reading arrays by position where the code knows the position exists: a wrong position is a bug, said aloud.

/** The item at `index`; throws a RangeError when there is none (rather than carrying `undefined` on). */
export function itemAt<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new RangeError(`no item at ${index} of ${items.length}`);
  return item;
}

/** Pairs two lists of the same length item by item (e.g. rows and the ids their insert returned). */
export function pairUp<A, B>(left: readonly A[], right: readonly B[]): [A, B][] {
  if (left.length !== right.length) throw new RangeError(`cannot pair ${left.length} items with ${right.length}`);
  return left.map((item, i) => [item, itemAt(right, i)]);
}
