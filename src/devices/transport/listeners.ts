// Layer: transport (also used by protocols). A tiny listener set: a throwing listener must not stop the read loop
// or the other listeners, so each call is isolated and the error goes to the console.
export class Listeners<T> {
  #set = new Set<(value: T) => void>();

  get size(): number {
    return this.#set.size;
  }

  add(listener: (value: T) => void): () => void {
    this.#set.add(listener);
    return () => this.#set.delete(listener);
  }

  emit(value: T): void {
    for (const listener of [...this.#set]) {
      try {
        listener(value);
      } catch (e) {
        console.error('KeyWire: a device-stack listener threw', e);
      }
    }
  }

  clear(): void {
    this.#set.clear();
  }
}
