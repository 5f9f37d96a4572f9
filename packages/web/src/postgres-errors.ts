// Which column a PostgreSQL unique violation names (the Kysely dialect's constraintViolation reads it).

/** `table.column` of a unique violation (23505), read from the server's detail "Key (col)=(…) already exists". */
export function uniqueViolationColumn(err: unknown): string | undefined {
  const e = err as { code?: string; table?: string; detail?: string };
  if (e?.code !== '23505') return undefined;
  const columns = /Key \(([^)]+)\)=/.exec(e.detail ?? '')?.[1] ?? '';
  // A composite key names its last column: the one that differs within a parent (e.g. tenant, login).
  const column = columns.split(',').pop()?.trim() ?? '';
  return `${e.table ?? ''}.${column}`;
}
