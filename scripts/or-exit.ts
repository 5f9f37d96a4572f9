// Start-up failures (invalid settings, a database that cannot be written) end the process with one line saying why,
// not an unhandled rejection's stack trace: used by `npm start` (start.ts) and by one instance (serve.ts).

export async function orExit<T>(create: Promise<T>, name: string): Promise<T> {
  try {
    return await create;
  } catch (err) {
    console.error(`${name} did not start: ${(err as Error)?.message ?? err}`);
    process.exit(1);
  }
}
