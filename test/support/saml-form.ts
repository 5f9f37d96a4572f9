import { expect } from 'chai';
import { type Form, type Page, readForms } from './http-browser.js';

/** The HTTP-POST binding form on a page (saml-bindings §3.5.4), or a failed assertion saying what the page was instead. */
export function samlPostForm(page: Page): Form & { xml: string } {
  const form = readForms(page).find((f) => 'SAMLResponse' in f.fields);
  expect(form, `expected a SAML POST form on ${page.url} (status ${page.status}):\n${page.body.slice(0, 600)}`).to.not.equal(undefined);
  const samlForm = form as Form;
  return { ...samlForm, xml: Buffer.from(samlForm.fields.SAMLResponse ?? '', 'base64').toString('utf8') };
}

/** The login form of the IdP, filled in. */
export function loginValues(username: string, password: string): Record<string, string> {
  return { username, password };
}
