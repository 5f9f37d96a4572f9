// The shape of the attack catalogue: what a case needs from the test (Genuine) and what the ACS must answer.
import type { SigningMaterial } from '@samlbridge/certs';
import type { ResponseOverrides } from '../../helpers/harness.js';

/** What the generator needs from the test: a way to mint genuine Responses, and keys. */
export interface Genuine {
  /** A Response signed by the trusted IdP key, built from sensible defaults + overrides (fresh IDs every call). */
  issue(o?: ResponseOverrides): string;
  /** Same, signed by another key (attacker). */
  issueWith(keys: SigningMaterial, o?: ResponseOverrides): string;
  idp: SigningMaterial;
  attacker: SigningMaterial;
  /** A certificate copying the IdP's subject, issuer and serial number, over the attacker's key. */
  clone: SigningMaterial;
  /** A local URL counting hits: nothing must ever fetch it. */
  canaryUrl: string;
  /** The SP's current time (the harness clock). */
  now: Date;
}

export type Expectation =
  | { reject: string; status?: number }
  | { accept: string }
  | { acceptOrReject: { login: string; reasons: string[] } };

export interface AttackCase {
  id: string;
  title: string;
  category: 'xsw' | 'signature' | 'content' | 'key' | 'xml' | 'conditions' | 'replay' | 'legitimate' | 'knob';
  /** SSO settings for the SP this case runs against (merged over the harness defaults). */
  settings?: Record<string, unknown>;
  /** Messages posted (and expected to succeed) before the case itself: replay. */
  prime?: (g: Genuine) => { first: string; replay: (first: string) => string };
  build?: (g: Genuine) => string;
  /** The SAMLResponse form value is sent as-is (already base64, or deliberately not). */
  rawField?: boolean;
  expect: Expectation;
}

/** One row of a case table: what the case is called, the message it posts and what the ACS must answer. */
export type CaseRow = [id: string, title: string, build: (g: Genuine) => string, expect: Expectation];

/** The cases of one category written as a table, one row a case. */
export function caseTable(category: AttackCase['category'], rows: CaseRow[]): AttackCase[] {
  return rows.map(([id, title, build, expect]) => ({ id, category, title, build, expect }));
}
