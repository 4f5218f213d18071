/** Loads one API answer for a page; `reload` fetches it again after a change. */
import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../api';

export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiError | Error>();
  const run = useCallback(load, deps);
  // Returns when the new data is drawn, so a page can show a confirmation together with it.
  const reload = useCallback(
    () =>
      run().then(
        (d) => {
          setData(d);
          setError(undefined);
        },
        (e: unknown) => setError(e instanceof Error ? e : new Error(String(e))),
      ),
    [run],
  );
  useEffect(() => void reload(), [reload]);
  return { data, error, reload };
}
