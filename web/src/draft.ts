/**
 * Half-filled forms survive a sign-in: each form keeps its draft in sessionStorage (this tab only,
 * gone when the tab closes), restores it on return and drops it once the API accepted it.
 */
import { useEffect, useState } from 'react';

export function useDraft<T>(key: string, initial: T): [T, (next: T) => void, () => void] {
  const storageKey = `bf-draft:${key}`;
  const [value, setValue] = useState<T>(() => {
    const saved = sessionStorage.getItem(storageKey);
    return saved ? ({ ...initial, ...(JSON.parse(saved) as T) } as T) : initial;
  });
  useEffect(() => {
    sessionStorage.setItem(storageKey, JSON.stringify(value));
  }, [storageKey, value]);
  const clear = () => {
    sessionStorage.removeItem(storageKey);
  };
  return [value, setValue, clear];
}

export function clearAllDrafts(): void {
  for (const key of Object.keys(sessionStorage))
    if (key.startsWith('bf-draft:')) sessionStorage.removeItem(key);
}
