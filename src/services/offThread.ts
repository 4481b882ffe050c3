/** What a worker gives back (src/charts/pool.ts, heavyReadsOnWorker): the result, or why it could not. */
export type FromWorker<T> = { value: T } | { errors: string[] };

/**
 * `onWorker` when the app has a worker for the work (a database file; createApp), else `here`. A
 * worker that fails is reported to `failed` and the work is done here: the caller always gets its answer.
 */
export async function onWorkerOrHere<T>(
  onWorker: (() => Promise<FromWorker<T>>) | undefined,
  here: () => T,
  failed: (errors: string[]) => void,
): Promise<T> {
  if (!onWorker) return here();
  const result = await onWorker();
  if ('value' in result) return result.value;
  failed(result.errors);
  return here();
}
