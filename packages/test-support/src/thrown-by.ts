/**
 * What `fn` throws, when it is a `type` (anything else is thrown on, with its own stack), or undefined when
 * `fn` returns. For asserting on an error's fields: `expect(thrownBy(() => parse(x), SamlError)?.code)`.
 */
export function thrownBy<T extends Error>(fn: () => unknown, type: abstract new (...args: never[]) => T): T | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof type) return err;
    throw err;
  }
  return undefined;
}

/** What `promise` rejects with; throws (`message`) when it resolves instead. */
export async function rejectionOf<T = Error>(promise: Promise<unknown>, message = 'expected a rejection'): Promise<T> {
  try {
    await promise;
  } catch (err) {
    return err as T;
  }
  throw new Error(message);
}
