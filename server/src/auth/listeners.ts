/**
 * Listeners that must never break whoever emits: each is called in turn, and an error goes to
 * `onError` (a failing listener must not make a subscription re-deliver an event, nor turn a logout
 * into an error for the person logging out).
 */
export class Listeners<T> {
  private readonly listeners = new Set<(value: T) => void>();

  constructor(private readonly onError: (error: Error) => void) {}

  /** Returns the unsubscribe function. */
  add(listener: (value: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(value: T): void {
    for (const listener of this.listeners) {
      try {
        listener(value);
      } catch (error) {
        this.onError(error as Error);
      }
    }
  }
}
