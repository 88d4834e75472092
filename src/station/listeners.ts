/** A tiny typed listener list: `on` returns the function that removes the listener. */
export class Listeners<T> {
  // An array replaced on every change, not a Set: most lists hold none or one
  // listener (a fleet has thousands of stations with twenty lists each), and
  // emit can walk it while a listener removes itself.
  private list: ReadonlyArray<(value: T) => void> = NONE;

  on(listener: (value: T) => void): () => void {
    this.list = this.list.concat(listener);
    return () => {
      const i = this.list.indexOf(listener);
      if (i >= 0) this.list = this.list.length === 1 ? NONE : this.list.filter((_, j) => j !== i);
    };
  }

  /** Forget every listener. */
  clear(): void {
    this.list = NONE;
  }

  emit(value: T): void {
    for (const listener of this.list) listener(value);
  }
}

const NONE: ReadonlyArray<never> = Object.freeze([]);
