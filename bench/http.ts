// The IdP's SSO endpoint over real HTTP for a signed-in session: every request authorizes the
// user and issues a freshly signed Response (IdP-initiated). autocannon on loopback.
import autocannon from 'autocannon';
import { HttpBrowser, onlyForm } from '../test/support/http-browser.js';
import { loginValues } from '../test/support/saml-form.js';
import { startStack } from '../test/support/stack.js';

export interface HttpResult {
  requestsPerSec: number;
  p99Ms: number;
  non2xx: number;
}

export async function benchSsoEndpoint({ seconds, connections = 8 }: { seconds: number; connections?: number }): Promise<HttpResult> {
  const stack = await startStack();
  try {
    const browser = new HttpBrowser();
    const login = await browser.get(`${stack.idpUrl}/saml2/${stack.appName}`);
    await browser.submit(
      onlyForm(login, (f) => 'password' in f.fields),
      loginValues(stack.demo.username, stack.demo.password),
    );
    const cookie = [...browser.cookies(stack.idpUrl)].map(([k, v]) => `${k}=${v}`).join('; ');
    const result = await autocannon({
      url: `${stack.idpUrl}/saml2/${stack.appName}`,
      connections,
      duration: seconds,
      headers: { cookie },
    });
    return { requestsPerSec: result.requests.average, p99Ms: result.latency.p99, non2xx: result.non2xx };
  } finally {
    await stack.stop();
  }
}
