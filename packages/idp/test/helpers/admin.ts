import { expect } from 'chai';
import type { Client } from './client.js';
import { inputValue } from './html.js';

export const ADMIN_EMAIL = 'admin@example.com';
export const ADMIN_PASSWORD = 'admin-demo-password';

/** Signs the client in to the admin portal; returns the CSRF token of the new session. */
export async function adminSignIn(client: Client): Promise<string> {
  const page = await (await client.get('/admin/login')).text();
  const res = await client.post('/admin/login', { _csrf: inputValue(page, '_csrf') ?? '', email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
  expect(res.status).to.equal(303);
  return csrfOf(client);
}

export async function csrfOf(client: Client, path = '/admin/applications'): Promise<string> {
  const token = inputValue(await (await client.get(path)).text(), '_csrf');
  if (!token) throw new Error(`no _csrf on ${path}`);
  return token;
}

/** POST a portal form; expects PRG (303) and returns the page it leads to (with its flash message). */
export async function submit(client: Client, path: string, form: Record<string, string>, csrf: string) {
  const res = await client.post(path, { _csrf: csrf, ...form });
  expect(res.status, `POST ${path}`).to.equal(303);
  const location = res.headers.get('location') ?? '';
  const page = await (await client.get(location)).text();
  return { location, page };
}

/** Same, with repeated fields (checkboxes, attribute rows). */
export async function submitPairs(client: Client, path: string, pairs: [string, string][], csrf: string) {
  const body = new URLSearchParams([['_csrf', csrf], ...pairs]);
  const res = await fetch(client.url(path), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: client.cookies.header() },
    body,
  });
  expect(res.status, `POST ${path}`).to.equal(303);
  const location = res.headers.get('location') ?? '';
  const page = await (await client.get(location)).text();
  return { location, page };
}

/** POST a portal form that is expected to be refused and shown again: returns its status and the page. */
export async function submitRefused(client: Client, path: string, form: Record<string, string> | [string, string][], csrf: string) {
  const pairs = Array.isArray(form) ? form : Object.entries(form);
  const res = await fetch(client.url(path), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: client.cookies.header() },
    body: new URLSearchParams([['_csrf', csrf], ...pairs]),
  });
  return { status: res.status, page: await res.text() };
}
