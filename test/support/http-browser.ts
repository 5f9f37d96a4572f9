// A small browser stand-in for HTTP end-to-end tests: a cookie jar per host, manual redirects,
// and helpers to read and submit the HTML forms our pages render (login forms, SAML POST forms).
import { CookieJar } from '@samlbridge/test-support';

export interface Page {
  status: number;
  url: string;
  headers: Headers;
  body: string;
}

export interface Form {
  action: string;
  method: string;
  fields: Record<string, string>;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'" };
const unescapeHtml = (s: string) => s.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (_, e: string) => ENTITIES[e] ?? _);

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}="([^"]*)"`, 'i').exec(tag);
  return m ? unescapeHtml(m[1] ?? '') : undefined;
}

/** Every <form> of a page with its hidden and pre-filled inputs (test-side scraping of our own markup). */
export function readForms(page: Page): Form[] {
  const forms: Form[] = [];
  for (const m of page.body.matchAll(/<form\b[^>]*>[\s\S]*?<\/form>/gi)) {
    const markup = m[0];
    const open = /<form\b[^>]*>/i.exec(markup)?.[0] ?? '';
    const fields: Record<string, string> = {};
    for (const input of markup.matchAll(/<(input|button)\b[^>]*>/gi)) {
      const name = attr(input[0], 'name');
      if (name && !(name in fields)) fields[name] = attr(input[0], 'value') ?? '';
    }
    forms.push({
      action: new URL(attr(open, 'action') ?? page.url, page.url).toString(),
      method: (attr(open, 'method') ?? 'GET').toUpperCase(),
      fields,
    });
  }
  return forms;
}

export class HttpBrowser {
  /** One cookie jar per host. */
  private readonly jars = new Map<string, CookieJar>();

  private jar(url: URL): CookieJar {
    const jar = this.jars.get(url.host) ?? new CookieJar();
    this.jars.set(url.host, jar);
    return jar;
  }

  cookies(url: string): Map<string, string> {
    return this.jar(new URL(url)).entries();
  }

  clearCookies(): void {
    this.jars.clear();
  }

  /** One request, no redirect following. */
  async request(method: string, url: string, form?: Record<string, string>): Promise<Page> {
    const target = new URL(url);
    const headers: Record<string, string> = { accept: 'text/html,application/json' };
    Object.assign(headers, this.jar(target).headers());
    let body: string | undefined;
    if (form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(form).toString();
    }
    const res = await fetch(target, { method, headers, body, redirect: 'manual' });
    this.jar(target).store(res);
    return { status: res.status, url: target.toString(), headers: res.headers, body: await res.text() };
  }

  /** Follows redirects (GET after 301/302/303) like a browser, up to `max` hops. */
  async navigate(method: string, url: string, form?: Record<string, string>, max = 10): Promise<Page> {
    let page = await this.request(method, url, form);
    for (let hop = 0; hop < max && page.status >= 300 && page.status < 400; hop++) {
      const location = page.headers.get('location');
      if (!location) break;
      page = await this.request('GET', new URL(location, page.url).toString());
    }
    return page;
  }

  get(url: string): Promise<Page> {
    return this.navigate('GET', url);
  }

  /** Submits a form read from a page, with some fields overridden (like a person typing). */
  submit(form: Form, values: Record<string, string> = {}): Promise<Page> {
    const fields = { ...form.fields, ...values };
    if (form.method === 'GET') {
      const url = new URL(form.action);
      for (const [k, v] of Object.entries(fields)) url.searchParams.set(k, v);
      return this.navigate('GET', url.toString());
    }
    return this.navigate('POST', form.action, fields);
  }
}

export function onlyForm(page: Page, predicate: (f: Form) => boolean = () => true): Form {
  const forms = readForms(page).filter(predicate);
  if (forms.length !== 1) throw new Error(`expected one matching form on ${page.url} (status ${page.status}), found ${forms.length}`);
  return forms[0] as Form;
}
