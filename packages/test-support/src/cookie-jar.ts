// A tiny cookie jar for fetch: remembers name=value from Set-Cookie lines and sends them back. One jar
// stands for one host; a test that talks to several hosts keeps one jar each.
import { deletesCookie, setCookies } from './set-cookie.js';

export class CookieJar {
  private readonly cookies = new Map<string, string>();

  /** Remembers the cookies a response sets, and forgets those it deletes. */
  store(res: Response | Headers): void {
    for (const cookie of setCookies(res)) {
      if (deletesCookie(cookie)) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
  }

  /** The Cookie request header for what the jar holds ('' when empty). */
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** `{ cookie }` to spread into request headers, or `{}` when the jar is empty. */
  headers(): Record<string, string> {
    return this.cookies.size === 0 ? {} : { cookie: this.header() };
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  /** Plants a cookie by hand (e.g. a forged or stale session id). */
  set(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  get size(): number {
    return this.cookies.size;
  }

  /** A copy of what the jar holds, name → value. */
  entries(): Map<string, string> {
    return new Map(this.cookies);
  }

  clear(): void {
    this.cookies.clear();
  }
}
