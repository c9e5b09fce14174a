// A value components can watch: set() re-renders every component that called useStore on it.
import { useEffect, useState } from "preact/hooks";

export function createStore(initial) {
  let value = initial;
  const listeners = new Set();
  return {
    get: () => value,
    set(next) {
      value = typeof next === "function" ? next(value) : next;
      for (const listener of listeners) listener(value);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export function useStore(store) {
  const value = store.get();
  const [, redraw] = useState(0);
  useEffect(() => {
    const unsubscribe = store.subscribe(() => redraw((n) => n + 1));
    // A change between this render and the subscription (an answer that came quickly) would
    // otherwise never be shown.
    if (store.get() !== value) redraw((n) => n + 1);
    return unsubscribe;
  }, [store]);
  return value;
}
