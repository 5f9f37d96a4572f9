// The stack a suite shares, started once and stopped after it (on SQLite files, or on two scratch PostgreSQL
// databases), and the steps the end-to-end tests take on it: the demo user signing in at the IdP, the demo user
// signed in to both apps, the SP admin on the SSO settings form.
import { suiteFixture } from '@samlbridge/test-support';
import { createScratchDatabase, type ScratchDatabase } from '@samlbridge/web';
import { expect } from 'chai';
import { idpStoreTemplate } from '../../packages/idp/src/store/scratch-template.js';
import { spStoreTemplate } from '../../packages/sp-talentlms/src/store/scratch-template.js';
import { type Form, HttpBrowser, onlyForm, type Page, readForms } from './http-browser.js';
import { loginValues, samlPostForm } from './saml-form.js';
import { type Stack, type StackOptions, startStack } from './stack.js';

/**
 * A stack for the enclosing suite: started in before(), stopped in after(). With `postgres` (the server URL, asked
 * for when the suite starts) both apps keep their data in scratch databases `{name}_idp` and `{name}_sp` (copies of the migrated templates), dropped after.
 */
export function stackFixture(name = 'stack', postgres?: () => string): Stack {
  return suiteFixture(async () => {
    const databases: ScratchDatabase[] = [];
    const drop = () => Promise.allSettled(databases.map((d) => d.drop()));
    const options: StackOptions = {};
    try {
      if (postgres) {
        const server = postgres();
        databases.push(
          ...(await Promise.all([
            createScratchDatabase(server, `${name}_idp`, { template: idpStoreTemplate }),
            createScratchDatabase(server, `${name}_sp`, { template: spStoreTemplate }),
          ])),
        );
        Object.assign(options, { idpDatabaseUrl: databases[0]?.url, spDatabaseUrl: databases[1]?.url });
      }
      const stack = await startStack(options);
      return Object.assign(stack, {
        async close() {
          await stack.stop();
          await drop();
        },
      });
    } catch (err) {
      await drop();
      throw err;
    }
  });
}

/** Submits the IdP's password form on `page` with the demo user's credentials; returns the page it leads to. */
export function signInAtIdp(stack: Stack, browser: HttpBrowser, page: Page): Promise<Page> {
  return browser.submit(
    onlyForm(page, (f) => 'password' in f.fields),
    loginValues(stack.demo.username, stack.demo.password),
  );
}

/** A browser whose demo user signed in at the IdP's user console and launched the TalentLMS tile (IdP-initiated SSO). */
export async function signedInAtIdp(stack: Stack): Promise<{ browser: HttpBrowser; post: Form & { xml: string } }> {
  const browser = new HttpBrowser();
  await signInAtIdp(stack, browser, await browser.get(`${stack.idpUrl}/login?next=/userconsole/`));
  return { browser, post: samlPostForm(await browser.get(`${stack.idpUrl}/saml2/${stack.appName}`)) };
}

/** Same, with the Response posted to the SP: the demo user has a session at both apps. */
export async function signedInAtBoth(stack: Stack): Promise<HttpBrowser> {
  const { browser, post } = await signedInAtIdp(stack);
  expect((await browser.submit(post)).status).to.equal(200);
  return browser;
}

/** A browser signed in to the SP as its Super Admin, and the SSO settings form it was shown. */
export async function spAdminOnSsoSettings(stack: Stack): Promise<{ browser: HttpBrowser; form: Form }> {
  const browser = new HttpBrowser();
  const signIn = await browser.navigate('GET', `${stack.spUrl}/`);
  const login = readForms(signIn).find((f) => f.action.endsWith('/index/login'));
  if (!login) throw new Error('no sign-in form');
  await browser.navigate('POST', login.action, {
    ...login.fields,
    login: stack.sp.config.adminUser,
    password: stack.sp.config.adminPassword,
  });
  const settings = await browser.navigate('GET', `${stack.spUrl}/account/users/sso`);
  const form = readForms(settings).find((f) => f.action.endsWith('/account/users/sso'));
  if (!form) throw new Error('no SSO settings form');
  return { browser, form };
}
