// Layer: views, shared. A part of the page loaded with import() when first needed (a section, the provisioning view):
// loaded once, its value kept for the page's life (so coming back shows it at once), and a failed load forgotten so
// that Try again (LoadCue.svelte) asks again.
export interface Lazy<T> {
  /** The loaded value, or null until it is in. */
  readonly value: T | null;
  /** Loads it (once; again after a failure). */
  get(): Promise<T>;
}

export function lazy<T>(load: () => Promise<T>): Lazy<T> {
  let value: T | null = null;
  let pending: Promise<T> | null = null;
  return {
    get value() {
      return value;
    },
    get() {
      pending ??= load().then(
        (v) => (value = v),
        (e: unknown) => {
          pending = null;
          throw e;
        },
      );
      return pending;
    },
  };
}
