// An IdP with a signed-in admin portal session, and the steps the portal tests share.
import type { Clock } from '@samlbridge/web';
import { expect } from 'chai';
import type { ResolvedApplication } from '../../src/domain.js';
import { adminSignIn } from './admin.js';
import type { Client } from './client.js';
import { type Harness, signInThroughForm, startIdp } from './harness.js';
import { inputValue } from './html.js';
import { decodeSamlResponse } from './saml.js';

export const LEARNER_PASSWORD = 'learner-password';

export interface Portal {
  h: Harness;
  admin: Client;
  csrf: string;
  /** The demo TalentLMS application as seeded, read when the portal started. */
  demoApp: ResolvedApplication;
  appByName(name: string): ReturnType<Harness['idp']['services']['directory']['findApplicationByName']>;
  /** Creates an application from the catalog through the multipart create form; returns the redirect. */
  createFromCatalog(catalog: string, fields: Record<string, string>): Promise<string>;
  /** GET /saml2/{name}: the page and, when there is one, the decoded SAML Response. */
  launch(client: Client, name: string): Promise<{ status: number; body: string; xml?: string }>;
  /** A user signed in to the console. */
  userClient(username: string, password?: string): Promise<Client>;
  /** Closes the IdP (so `suiteFixture(() => startPortal())` starts and stops it with the suite). */
  close(): Promise<void>;
}

export async function startPortal(config: Record<string, unknown> = {}, options: { clock?: Clock } = {}): Promise<Portal> {
  const h = await startIdp(config, options);
  const admin = h.client();
  const csrf = await adminSignIn(admin);
  const demoApp = await h.idp.services.directory.findApplicationByName('talentlms');
  if (!demoApp) throw new Error('the demo application talentlms was not seeded');
  return {
    h,
    admin,
    csrf,
    demoApp,
    appByName: (name) => h.idp.services.directory.findApplicationByName(name),
    async createFromCatalog(catalog, fields) {
      const form = new FormData();
      form.set('_csrf', csrf);
      form.set('catalog', catalog);
      for (const [k, v] of Object.entries(fields)) form.set(k, v);
      const res = await admin.postMultipart('/admin/applications', form);
      expect(res.status).to.equal(303);
      return res.headers.get('location') ?? '';
    },
    async launch(client, name) {
      const res = await client.get(`/saml2/${name}`);
      const body = await res.text();
      const saml = inputValue(body, 'SAMLResponse');
      return { status: res.status, body, xml: saml ? decodeSamlResponse(saml) : undefined };
    },
    async userClient(username, password = LEARNER_PASSWORD) {
      const c = h.client();
      const res = await signInThroughForm(c, '/login?next=/userconsole/', username, password);
      expect(res.status).to.equal(302);
      return c;
    },
    close: () => h.close(),
  };
}
