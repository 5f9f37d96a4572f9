// The command line of `npm start`: `npm start` (demo data) or `npm start -- --no-demo` (the same two
// apps on an empty install: no demo application, group, user, SSO settings or SCIM integration).

export interface StartOptions {
  demo: boolean;
}

export const startUsage = 'usage: npm start [-- --no-demo]';

/** Parses `npm start`'s arguments; an unknown argument is an error naming the ones accepted. */
export function parseStartOptions(argv: readonly string[]): StartOptions {
  const options: StartOptions = { demo: true };
  for (const arg of argv) {
    if (arg === '--no-demo') options.demo = false;
    else if (arg === '--demo') options.demo = true;
    else throw new Error(`unknown argument "${arg}"; ${startUsage}`);
  }
  return options;
}
