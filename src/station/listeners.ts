/** A tiny typed listener list: `on` returns the function that removes the listener. */
export class Listeners<T> {
  private readonly list = new Set<(value: T) => void>();

  on(listener: (value: T) => void): () => void {
    this.list.add(listener);
    return () => this.list.delete(listener);
  }

  emit(value: T): void {
    for (const listener of [...this.list]) listener(value);
  }
}
