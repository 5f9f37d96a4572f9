// The admin JSON API from a test: one call with the demo API key, JSON in and out.
import type { Harness } from './harness.js';

export const API_KEY = 'idp-demo-admin-key';

export interface ApiResult {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: test bodies are read field by field
  body: any;
}

export function apiClient(h: Harness, key = API_KEY) {
  return async function api(method: string, path: string, body?: unknown): Promise<ApiResult> {
    const res = await fetch(`${h.url}/api${path}`, {
      method,
      headers: { 'x-api-key': key, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
}

/** `details` of a 400 as `field: message` lines, sorted: one assertion names every problem and its message. */
export function problems(result: ApiResult): string[] {
  return ((result.body?.details ?? []) as { field: string; message: string }[]).map((d) => `${d.field}: ${d.message}`).sort();
}
