import type { Validator } from '../../services/validation.js';

const MAX_LIMIT = 500;

function intParam(v: Validator, name: string, raw: unknown, min: number, max: number): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const n = typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    v.problem(name, `must be a whole number from ${min} to ${max}`);
    return undefined;
  }
  return n;
}

/** `?limit=&offset=` (default 100, at most 500). Call `v.done()` after reading other parameters. */
export function readPage(v: Validator, query: Record<string, unknown>): { limit: number; offset: number } {
  return {
    limit: intParam(v, 'limit', query.limit, 1, MAX_LIMIT) ?? 100,
    offset: intParam(v, 'offset', query.offset, 0, 1_000_000_000) ?? 0,
  };
}
