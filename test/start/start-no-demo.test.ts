// `npm start -- --no-demo` (scripts/start.ts): the same two apps as `npm start`, with no demo data, so the
// integration article can be followed from an empty install; the admin accounts come from the environment.
import { join } from 'node:path';
import { eventually, freePort, tempDirFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import { type StartedProcess, startNodeProcess } from '../support/node-process.js';

const root = new URL('../..', import.meta.url).pathname;

/** `npm start` (scripts/start.ts) with `args`. */
const start = (args: string[], env: Record<string, string>): StartedProcess =>
  startNodeProcess(['--import', 'tsx', 'scripts/start.ts', ...args], { cwd: root, env });

describe('npm start -- --no-demo', function () {
  this.timeout(90_000);
  const tmp = tempDirFixture('samlbridge-no-demo-');

  async function env(): Promise<Record<string, string>> {
    const [idpPort, spPort] = [await freePort(), await freePort()];
    return {
      IDP_PORT: String(idpPort),
      SP_PORT: String(spPort),
      IDP_BASE_URL: `http://127.0.0.1:${idpPort}`,
      SP_BASE_URL: `http://127.0.0.1:${spPort}`,
      IDP_DATA_DIR: join(tmp.path, 'idp'),
      SP_DATA_DIR: join(tmp.path, 'sp'),
      IDP_LOG_LEVEL: 'error',
      SP_LOG_LEVEL: 'error',
      IDP_ADMIN_EMAIL: 'it-admin@example.com',
      IDP_ADMIN_PASSWORD: 'portal-password-from-env',
      IDP_ADMIN_API_KEY: 'idp-key-from-env',
      SP_ADMIN_USER: 'lms.owner',
      SP_ADMIN_PASSWORD: 'lms-password-from-env',
      SP_ADMIN_API_KEY: 'sp-key-from-env',
    };
  }

  it('starts both apps with no application, user, group, SSO settings or SCIM integration, and admins from the environment', async () => {
    const vars = await env();
    const run = start(['--no-demo'], vars);
    try {
      await eventually(() => /Listening on/.test(run.output()), { what: 'both apps listening', timeoutMs: 60_000 });
      const out = run.output();
      expect(out).to.contain('no demo data');
      expect(out).to.contain('it-admin@example.com / (the value of IDP_ADMIN_PASSWORD)');
      expect(out).to.contain('lms.owner / (the value of SP_ADMIN_PASSWORD)');
      expect(out).not.to.contain('portal-password-from-env');
      expect(out).not.to.contain('Demo user');

      const idpApi = (path: string) =>
        fetch(`${vars.IDP_BASE_URL}/api${path}`, { headers: { 'x-api-key': vars.IDP_ADMIN_API_KEY as string } });
      const apps = (await (await idpApi('/applications')).json()) as { items: unknown[] };
      expect(apps.items, 'IdP applications').to.deep.equal([]);
      const users = (await (await idpApi('/users')).json()) as { items: unknown[] };
      expect(users.items, 'IdP users').to.deep.equal([]);
      const groups = (await (await idpApi('/groups')).json()) as { items: unknown[] };
      expect(groups.items, 'IdP groups').to.deep.equal([]);

      const sso = await fetch(`${vars.SP_BASE_URL}/api/admin/sso`, { headers: { authorization: `Bearer ${vars.SP_ADMIN_API_KEY}` } });
      expect(sso.status).to.equal(200);
      const settings = (await sso.json()) as { configured: boolean };
      expect(settings.configured, 'SP SSO not configured').to.equal(false);
    } finally {
      run.child.kill('SIGTERM');
      await run.exit;
    }
  });

  it('refuses an unknown argument with exit code 2 and the usage', async () => {
    const run = start(['--no-dmeo'], await env());
    expect(await run.exit).to.equal(2);
    expect(run.output()).to.contain('unknown argument "--no-dmeo"');
    expect(run.output()).to.contain('npm start [-- --no-demo]');
  });
});
