/**
 * Items grouped by a key: groups in the order their keys first appear, items in input order.
 * Linear: each item is appended to its group's list (never copied into a new one).
 */
export function groupBy<T, K>(items: Iterable<T>, key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
