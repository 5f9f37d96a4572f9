// What an application's answer says about its request budget. Read on every SCIM response:
// - `RateLimit` / `RateLimit-Policy` (draft-ietf-httpapi-ratelimit-headers-09, structured fields:
//   `RateLimit: "scim";r=12;t=35`, `RateLimit-Policy: "scim";q=600;w=60`),
// - the older draft's `RateLimit-Limit` / `RateLimit-Remaining` / `RateLimit-Reset` (seconds),
// - the common `X-RateLimit-Limit` / `X-RateLimit-Remaining` / `X-RateLimit-Reset` (seconds, or an epoch time in
//   seconds when larger than a year of seconds, as GitHub and others send it),
// - `Retry-After` (RFC 9110 §10.2.3: delay-seconds or an HTTP-date).

export interface RateLimitInfo {
  /** Requests still allowed in the current window. */
  remaining?: number;
  /** Until the window resets (ms from now). */
  resetMs?: number;
  /** Requests allowed per window, and the window (the pace the application allows). */
  quota?: number;
  windowMs?: number;
}

type HeaderSource = { get(name: string): string | null };

const YEAR_SECONDS = 365 * 24 * 3600;

function int(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  const v = value.trim();
  return /^\d+$/.test(v) ? Number(v) : undefined;
}

/** Parameters of the first member of a structured-field list (`"name";a=1;b=2, …`). */
function firstMemberParams(value: string | null): Map<string, string> | undefined {
  if (!value) return undefined;
  const first = value.split(',')[0] ?? '';
  const params = new Map<string, string>();
  for (const part of first.split(';').slice(1)) {
    const [k, v] = part.split('=');
    if (k && v !== undefined) params.set(k.trim(), v.trim());
  }
  return params.size > 0 ? params : undefined;
}

function resetSeconds(value: number | undefined, now: Date): number | undefined {
  if (value === undefined) return undefined;
  return value > YEAR_SECONDS ? Math.max(0, value - now.getTime() / 1000) : value;
}

export function readRateLimit(headers: HeaderSource, now: Date): RateLimitInfo | undefined {
  const info: RateLimitInfo = {};
  const current = firstMemberParams(headers.get('ratelimit'));
  const policy = firstMemberParams(headers.get('ratelimit-policy'));
  const remaining = int(current?.get('r')) ?? int(headers.get('ratelimit-remaining')) ?? int(headers.get('x-ratelimit-remaining'));
  const reset = int(current?.get('t')) ?? int(headers.get('ratelimit-reset')) ?? resetSeconds(int(headers.get('x-ratelimit-reset')), now);
  const quota = int(policy?.get('q')) ?? int(headers.get('ratelimit-limit')) ?? int(headers.get('x-ratelimit-limit'));
  const window = int(policy?.get('w'));
  if (remaining !== undefined) info.remaining = remaining;
  if (reset !== undefined) info.resetMs = Math.round(reset * 1000);
  if (quota !== undefined && quota > 0) {
    info.quota = quota;
    if (window !== undefined && window > 0) info.windowMs = window * 1000;
  }
  return Object.keys(info).length > 0 ? info : undefined;
}
