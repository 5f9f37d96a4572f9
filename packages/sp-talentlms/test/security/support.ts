import { CookieJar } from '@samlbridge/test-support';
import { expect } from 'chai';
import type { Harness } from '../helpers/harness.js';

export const csrfFrom = (page: string) => /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';

export function postForm(h: Harness, path: string, jar: CookieJar, form: Record<string, string>): Promise<Response> {
  return fetch(`${h.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
    body: new URLSearchParams(form),
  }).then((res) => {
    jar.store(res);
    return res;
  });
}

/** Local password sign-in; returns the response to the POST. */
export async function passwordSignIn(h: Harness, jar: CookieJar, login: string, password: string, extra: Record<string, string> = {}) {
  const page = await (await h.get('/', jar)).text();
  return postForm(h, '/index/login', jar, { _csrf: csrfFrom(page), login, password, ...extra });
}

export async function superAdmin(h: Harness): Promise<CookieJar> {
  const jar = new CookieJar();
  expect((await passwordSignIn(h, jar, 'admin', 'admin-demo-password')).status).to.equal(303);
  return jar;
}
