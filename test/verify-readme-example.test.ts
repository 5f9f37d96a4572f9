// The README's offline-verify example, run as written (the real `npm run -s verify`) on a Response the demo
// IdP issued, with the demo's URLs mapped to this test's ports.

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { HttpBrowser } from './support/http-browser.js';
import { samlPostForm } from './support/saml-form.js';
import { type Stack, startStack } from './support/stack.js';
import { signInAtIdp } from './support/stack-fixture.js';

const root = new URL('..', import.meta.url).pathname;
const block = /<!-- verify-example -->\n```sh\n([\s\S]*?)```/.exec(readFileSync(join(root, 'README.md'), 'utf8'))?.[1] ?? '';

function npmVerify(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('npm', ['run', '-s', '--prefix', root, 'verify', '--', ...args], { cwd }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code) : 0, stdout, stderr });
    });
  });
}

describe('README offline-verify example', () => {
  let stack: Stack;
  let dir: string;
  before(async () => {
    stack = await startStack();
    dir = mkdtempSync(join(tmpdir(), 'verify-example-'));
    const browser = new HttpBrowser();
    const login = await browser.get(`${stack.idpUrl}/saml2/${stack.appName}`);
    const launch = await signInAtIdp(stack, browser, login);
    writeFileSync(join(dir, 'response.b64'), samlPostForm(launch).fields.SAMLResponse ?? '');
    writeFileSync(join(dir, 'idp.pem'), await (await fetch(`${stack.idpUrl}/saml2/${stack.appName}/certificate.pem`)).text());
  });
  after(async () => {
    await stack?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('has the exit status the README states for each command, on a Response from the demo IdP', async function () {
    this.timeout(60_000);
    const commands = block.split('\n').filter((line) => line.startsWith('npm run -s verify'));
    expect(commands).to.have.length(3);
    const mapped = (s: string) => s.replaceAll('http://localhost:4000', stack.idpUrl).replaceAll('http://localhost:5000', stack.spUrl);
    const results = await Promise.all(
      commands.map(async (line) => {
        const [command = '', comment = ''] = line.split('#');
        const args = mapped(command).trim().split(/\s+/).slice(5); // after "npm run -s verify --"
        return { expected: Number(/exit (\d)/.exec(comment)?.[1]), out: await npmVerify(args, dir), comment };
      }),
    );
    for (const { expected, out, comment } of results) expect(out.code, `${comment}\n${out.stdout}${out.stderr}`).to.equal(expected);
    const [accept, audience, usage] = results.map((r) => r.out);
    expect(accept?.stdout).to.match(/^Verdict: accept/);
    expect(accept?.stdout).to.contain(`NameID: ${stack.demo.username}`);
    const json = JSON.parse(audience?.stdout ?? '{}') as {
      verdict: string;
      reason: string;
      checks: Array<{ name: string; expected?: string }>;
    };
    expect(json).to.include({ verdict: 'reject', reason: 'audience_mismatch' });
    expect(json.checks.at(-1)).to.include({ name: 'audience', expected: 'lms.example.com' });
    expect(usage?.stderr).to.contain('Usage: npm run -s verify');
  });
});
