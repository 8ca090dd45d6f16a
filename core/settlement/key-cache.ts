/**
 * A map keyed by three strings without building a joined key per lookup. On the hot path (a million
 * lines) concatenating and hashing one long key per line costs more than one short lookup: the
 * description (the most telling of the three) finds a handful of entries, compared on the other two.
 */
export class TripleKeyMap<V> {
  private readonly byC = new Map<string, Array<{ a: string; b: string; value: V }>>();

  get(a: string, b: string, c: string): V | undefined {
    const list = this.byC.get(c);
    if (list === undefined) return undefined;
    for (let i = 0; i < list.length; i++) {
      const e = list[i]!;
      if (e.a === a && e.b === b) return e.value;
    }
    return undefined;
  }

  set(a: string, b: string, c: string, value: V): void {
    let list = this.byC.get(c);
    if (!list) this.byC.set(c, (list = []));
    for (const e of list) {
      if (e.a === a && e.b === b) {
        e.value = value;
        return;
      }
    }
    list.push({ a, b, value });
  }

  *values(): IterableIterator<V> {
    for (const list of this.byC.values()) for (const e of list) yield e.value;
  }
}
