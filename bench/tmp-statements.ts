import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIdp, seedDemo } from '@samlbridge/idp';
import { listen } from '@samlbridge/web';
import Database from 'better-sqlite3';
import { HttpBrowser, onlyForm } from '../test/support/http-browser.js';
import { loginValues } from '../test/support/saml-form.js';

const log: string[] = [];
let on = false;
const proto = Object.getPrototypeOf(new Database(':memory:').prepare('select 1'));
for (const m of ['run', 'all', 'get', 'iterate']) {
  const orig = proto[m];
  proto[m] = function (this: { source: string }, ...args: unknown[]) {
    if (on) log.push(`${m}: ${this.source}`);
    return orig.apply(this, args);
  };
}
const dir = mkdtempSync(join(tmpdir(), 'stm-'));
const idp = await createIdp({ env: {}, config: { port: 0, baseUrl: 'http://localhost:1', dataDir: dir, logLevel: 'silent' } });
const app = await seedDemo(idp, { spBaseUrl: 'http://localhost:9', spEntityId: 'localhost', spAcsUrl: 'http://localhost:9/acs' });
const server = await listen(idp.app, 0);
const url = server.url;
const browser = new HttpBrowser();
const login = await browser.get(`${url}/saml2/${app.name}`);
await browser.submit(
  onlyForm(login, (f) => 'password' in f.fields),
  loginValues(idp.config.demoUser, idp.config.demoPassword),
);
const cookie = [...browser.cookies(url)].map(([k, v]) => `${k}=${v}`).join('; ');
await fetch(`${url}/saml2/${app.name}`, { headers: { cookie } });
on = true;
const N = Number(process.env.N ?? 1);
const all = await Promise.all(
  Array.from({ length: N }, () =>
    fetch(`${url}/saml2/${app.name}`, { headers: { cookie } }).then(async (r) => {
      await r.text();
      return r;
    }),
  ),
);
const res = all[0] as Response;
await new Promise((r) => setTimeout(r, 100));
on = false;
console.log(res.status, log.length, 'statements for', N, 'requests');
for (const l of log) console.log(l.slice(0, 400));
await server.close();
await idp.close();
process.exit(0);
