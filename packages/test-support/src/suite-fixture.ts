// A fixture a suite shares, named once: started in mocha's before() (or beforeEach()), closed after, and
// reached through an object that forwards every property to the one running now.

type Hook = (fn: () => Promise<void>) => void;
const mocha = globalThis as unknown as { before: Hook; after: Hook; beforeEach: Hook; afterEach: Hook };

/**
 * An object that forwards every property to `current()` at the time of use. Methods are bound to the current
 * object and writes land on it, so class instances (a Playwright Page, say) behave as themselves.
 */
export function forwardTo<T extends object>(current: () => T): T {
  return new Proxy({} as T, {
    get(_, property) {
      const target = current();
      const value = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
    set: (_, property, value) => Reflect.set(current(), property, value),
    has: (_, property) => Reflect.has(current(), property),
  });
}

/**
 * Starts `start()` before the suite's tests (`each`: before every test) and closes it after; returns the
 * fixture. Use it inside a test or hook only: outside one, nothing is running.
 */
export function suiteFixture<T extends { close(): unknown }>(start: () => Promise<T>, { each = false } = {}): T {
  let running: T | undefined;
  (each ? mocha.beforeEach : mocha.before)(async () => {
    running = await start();
  });
  (each ? mocha.afterEach : mocha.after)(async () => {
    await running?.close();
    running = undefined;
  });
  return forwardTo(() => {
    if (!running) throw new Error('the suite fixture is not running (used outside a test or hook, or its start failed)');
    return running;
  });
}

/** A scratch database for the suite: `create()` before its tests (`each`: before every test), dropped after. */
export function scratchDatabaseFixture<T extends { drop(): Promise<void> }>(create: () => Promise<T>, options: { each?: boolean } = {}): T {
  return suiteFixture(async () => {
    const database = await create();
    return Object.assign(database, { close: () => database.drop() });
  }, options);
}
