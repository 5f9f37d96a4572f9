// The SP test bench's catalogue (http/admin/sp-bench.ts): deliberately broken Responses for one application and
// one bound user, each built by the IdP's own builder (http/sso/issue-response.ts successResponse + the active
// signer) and ONE small mutation, and what a correct SP must do with it. The wrapping case reuses protocol's
// signature-wrapping.ts (shared with the SP's attack suite). Nothing here is ever sent by the SSO endpoint.
import { randomBytes } from 'node:crypto';
import { generateSigningMaterial } from '@samlbridge/certs';
import { createResponseSigner, type ResponseInput, type ResponseSigner, wrapSignedAssertion } from '@samlbridge/protocol';
import type { ResolvedApplication, User } from '../domain.js';
import type { SignIn } from '../http/auth-session.js';
import type { IdpDeps } from '../http/deps.js';
import { successResponse } from '../http/sso/issue-response.js';
import { issueNameId } from '../http/sso/name-id.js';

export type BenchCaseId =
  | 'valid'
  | 'expired'
  | 'not-yet-valid'
  | 'wrong-audience'
  | 'wrong-recipient'
  | 'unsigned'
  | 'other-key'
  | 'wrapped'
  | 'replayed'
  | 'wrong-in-response-to'
  | 'status-not-success';

export interface BenchCase {
  id: BenchCaseId;
  title: string;
  /** What a correct service provider does with it (and the spec saying so). */
  mustDo: string;
  /** True only for the control: a correct SP signs the user in. */
  expectAccept: boolean;
}

export const BENCH_CASES: readonly BenchCase[] = [
  {
    id: 'valid',
    title: 'Valid Response (control)',
    mustDo: 'Sign the user in. If this one fails, the SP is not set up to trust this identity provider and the other results mean nothing.',
    expectAccept: true,
  },
  {
    id: 'expired',
    title: 'Expired assertion',
    mustDo:
      'Refuse: the assertion’s NotOnOrAfter (Conditions and SubjectConfirmationData) is in the past (saml-core §2.5.1.2, saml-profiles §4.1.4.3).',
    expectAccept: false,
  },
  {
    id: 'not-yet-valid',
    title: 'Assertion not yet valid',
    mustDo: 'Refuse: Conditions NotBefore is an hour in the future, beyond any reasonable clock skew (saml-core §2.5.1.2).',
    expectAccept: false,
  },
  {
    id: 'wrong-audience',
    title: 'Wrong audience',
    mustDo: 'Refuse: the AudienceRestriction names another service provider, not this one’s entity ID (saml-core §2.5.1.4).',
    expectAccept: false,
  },
  {
    id: 'wrong-recipient',
    title: 'Wrong recipient',
    mustDo:
      'Refuse: Destination and SubjectConfirmationData Recipient name another ACS URL than the one it was posted to (saml-profiles §4.1.4.3).',
    expectAccept: false,
  },
  {
    id: 'unsigned',
    title: 'Unsigned Response',
    mustDo:
      'Refuse: neither the Response nor the assertion is signed (saml-profiles §4.1.3.5: the assertion MUST be signed over HTTP-POST).',
    expectAccept: false,
  },
  {
    id: 'other-key',
    title: 'Signature from another key',
    mustDo:
      'Refuse: the signature verifies only with a key the SP was never given (a fresh self-signed certificate travels in KeyInfo; trust must come from configuration, not from the message).',
    expectAccept: false,
  },
  {
    id: 'wrapped',
    title: 'Signature wrapping (XSW)',
    mustDo:
      'Refuse: a forged, unsigned assertion for another user sits before the genuinely signed one; the SP must only use the signed element (or refuse two assertions).',
    expectAccept: false,
  },
  {
    id: 'replayed',
    title: 'Replayed Response',
    mustDo:
      'Refuse the second use: the same valid Response (same assertion ID) is posted twice; only the first may sign in (saml-profiles §4.1.4.5).',
    expectAccept: false,
  },
  {
    id: 'wrong-in-response-to',
    title: 'Wrong InResponseTo',
    mustDo: 'Refuse: InResponseTo names an AuthnRequest this SP never sent (saml-profiles §4.1.4.3).',
    expectAccept: false,
  },
  {
    id: 'status-not-success',
    title: 'Status not Success',
    mustDo: 'Refuse: the top-level StatusCode is Responder/AuthnFailed, even though an assertion is attached (saml-core §3.2.2.2).',
    expectAccept: false,
  },
];

export const isBenchCaseId = (id: string): id is BenchCaseId => BENCH_CASES.some((c) => c.id === id);

const HOUR_MS = 3_600_000;
let otherKey: ResponseSigner | undefined;

/** A signer over a key nobody trusts (made once per process: RSA generation is slow). */
function otherKeySigner(): ResponseSigner {
  otherKey ??= createResponseSigner(generateSigningMaterial({ commonName: 'SP test bench untrusted key' }));
  return otherKey;
}

/** Removes every ds:Signature (our own builder's output, so one well-known shape). */
const stripSignatures = (xml: string) => xml.replace(/<ds:Signature\b[\s\S]*?<\/ds:Signature>/g, '');

/** The Response XML(s) of one case: `replayed` gives the same XML twice (both must be posted, in order). */
export async function buildBenchCase(deps: IdpDeps, app: ResolvedApplication, user: User, id: BenchCaseId): Promise<string[]> {
  const acsUrl = app.acsUrls[0] as string;
  const now = deps.clock.now();
  const input = async (at: Date, destination = acsUrl): Promise<ResponseInput> => {
    const signIn: SignIn = {
      userId: user.id,
      authnInstant: at,
      sessionIndex: `_bench${randomBytes(8).toString('hex')}`,
      methods: [{ method: 'pwd', at }],
    };
    const attributes = await deps.services.directory.assertionAttributes(app, user);
    const nameId = await issueNameId(deps, app, user, undefined, signIn.sessionIndex);
    return successResponse(deps, app, user, signIn, destination, undefined, at, attributes, nameId);
  };
  const sign = (i: ResponseInput) => deps.signer.issue(i);
  switch (id) {
    case 'valid':
      return [sign(await input(now))];
    case 'expired':
      return [sign(await input(new Date(now.getTime() - 2 * HOUR_MS - deps.config.assertionLifetimeSeconds * 1000)))];
    case 'not-yet-valid':
      return [sign(await input(new Date(now.getTime() + HOUR_MS)))];
    case 'wrong-audience': {
      const i = await input(now);
      return [sign({ ...i, assertion: i.assertion && { ...i.assertion, audience: 'https://sp-test-bench.invalid/another-sp' } })];
    }
    case 'wrong-recipient':
      return [sign(await input(now, 'https://sp-test-bench.invalid/acs'))];
    case 'unsigned':
      return [stripSignatures(sign(await input(now)))];
    case 'other-key':
      return [otherKeySigner().issue(await input(now))];
    case 'wrapped':
      return [wrapSignedAssertion(sign({ ...(await input(now)), signing: 'assertion' }), { login: 'bench-forged-admin' })];
    case 'replayed': {
      const xml = sign(await input(now));
      return [xml, xml];
    }
    case 'wrong-in-response-to':
      return [sign({ ...(await input(now)), inResponseTo: `_bench-never-requested-${randomBytes(8).toString('hex')}` })];
    case 'status-not-success':
      return [sign({ ...(await input(now)), status: { code: 'Responder', subCode: 'AuthnFailed', message: 'SP test bench' } })];
  }
}
