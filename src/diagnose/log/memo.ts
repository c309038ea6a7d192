// Layer: diagnostics. A bounded memo for one log: answers of a pure function of a line or message, kept by its text.
// Device logs repeat the same lines (mbedTLS debug output carries no timestamp) and messages (every retry), so a
// repeated one is read once. Bounded: at most `maxEntries` keys of at most `maxChars` characters; when full it
// starts over. Values are shared between lines, so they must never be mutated.
export class Memo<V> {
  readonly #values = new Map<string, V>();
  /** How many times it started over (a value made after the n-th start over was made in round n). */
  rounds = 0;
  constructor(
    readonly maxEntries = 4096,
    readonly maxChars = 512,
  ) {}
  /** Forgets everything (a new round). */
  startOver(): void {
    this.#values.clear();
    this.rounds++;
  }
  get(key: string, make: (key: string) => V): V {
    if (key.length > this.maxChars) return make(key);
    let value = this.#values.get(key);
    if (value === undefined) {
      if (this.#values.size >= this.maxEntries) this.startOver();
      value = make(key);
      this.#values.set(key, value);
    }
    return value;
  }
}
