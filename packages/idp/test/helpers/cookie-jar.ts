/** A tiny browser stand-in: keeps cookies across requests (no redirects followed). */
export class Client {
  readonly cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  private cookieHeader(): Record<string, string> {
    if (this.cookies.size === 0) return {};
    return { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
  }

  private remember(res: Response): Response {
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  url(path: string): string {
    return path.startsWith('http') ? path : this.baseUrl + path;
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.remember(await fetch(this.url(path), { redirect: 'manual', headers: { ...this.cookieHeader(), ...headers } }));
  }

  async post(path: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    return this.remember(
      await fetch(this.url(path), {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...this.cookieHeader(), ...headers },
        body: new URLSearchParams(form),
      }),
    );
  }

  /** multipart/form-data POST (file uploads); fetch sets the boundary. */
  async postMultipart(path: string, form: FormData): Promise<Response> {
    return this.remember(await fetch(this.url(path), { method: 'POST', redirect: 'manual', headers: this.cookieHeader(), body: form }));
  }
}
