/**
 * A map keyed by three strings without building a joined key per lookup. On the hot path (a million
 * lines) concatenating and hashing one long key per line costs more than three short lookups.
 */
export class TripleKeyMap<V> {
  private readonly root = new Map<string, Map<string, Map<string, V>>>();

  get(a: string, b: string, c: string): V | undefined {
    return this.root.get(a)?.get(b)?.get(c);
  }

  set(a: string, b: string, c: string, value: V): void {
    let mb = this.root.get(a);
    if (!mb) this.root.set(a, (mb = new Map()));
    let mc = mb.get(b);
    if (!mc) mb.set(b, (mc = new Map()));
    mc.set(c, value);
  }

  *values(): IterableIterator<V> {
    for (const mb of this.root.values()) for (const mc of mb.values()) yield* mc.values();
  }
}
