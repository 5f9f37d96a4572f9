// Resources a test opens and must give back whatever happens: a store, a database handle, a scratch database.

/** Runs `use` with `resource`, then closes it (`close()`, or `drop()` for a scratch database), also when `use` throws. */
export async function closing<R extends { close(): unknown } | { drop(): unknown }, T>(
  resource: R,
  use: (resource: R) => T | Promise<T>,
): Promise<T> {
  try {
    return await use(resource);
  } finally {
    await ('close' in resource ? resource.close() : resource.drop());
  }
}
