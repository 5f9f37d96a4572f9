// One store for a whole suite on one scratch database, emptied before each test, for the store contract suites on
// PostgreSQL: a test then gets what a new store on an empty database gives, without opening a new pool (a
// PostgreSQL connection costs the server ≈ 25 ms of CPU, a store opens several) and checking the migrations again.

type Hook = (fn: () => Promise<void>) => void;
const mocha = globalThis as unknown as { after: Hook };

/**
 * Returns a `makeStore` for a suite that asks for a new store per test: the first call opens the store on the scratch
 * `database` with `open(url)`, every call empties it (`reset()`) and hands the same store out with a `close()` that
 * keeps it open (a copy of its own properties: the apps' stores are plain objects of repositories); the suite's
 * after() closes it. Call it inside the suite's describe().
 */
export function emptiedStoreEachTest<S extends { close(): Promise<void> }>(
  database: { url: string; reset(): Promise<void> },
  open: (url: string) => Promise<S>,
): () => Promise<S> {
  let opened: Promise<S> | undefined;
  mocha.after(async () => {
    const store = await opened?.catch(() => undefined);
    opened = undefined;
    await store?.close();
  });
  return async () => {
    opened ??= open(database.url);
    const store = await opened;
    await database.reset();
    return { ...store, close: async () => {} };
  };
}
