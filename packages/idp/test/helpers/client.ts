// A tiny browser stand-in for one IdP: keeps its cookies across requests (no redirects followed).
import { CookieJar } from '@samlbridge/test-support';

export class Client {
  readonly cookies = new CookieJar();

  constructor(readonly baseUrl: string) {}

  private remember(res: Response): Response {
    this.cookies.store(res);
    return res;
  }

  url(path: string): string {
    return path.startsWith('http') ? path : this.baseUrl + path;
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.remember(await fetch(this.url(path), { redirect: 'manual', headers: { ...this.cookies.headers(), ...headers } }));
  }

  async post(path: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    return this.remember(
      await fetch(this.url(path), {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...this.cookies.headers(), ...headers },
        body: new URLSearchParams(form),
      }),
    );
  }

  /** multipart/form-data POST (file uploads); fetch sets the boundary. */
  async postMultipart(path: string, form: FormData): Promise<Response> {
    return this.remember(await fetch(this.url(path), { method: 'POST', redirect: 'manual', headers: this.cookies.headers(), body: form }));
  }
}
