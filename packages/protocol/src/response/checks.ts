// The rules a verified Response must still satisfy (saml-core §2–§3, saml-profiles §4.1.4).

import type { Element } from '@xmldom/xmldom';
import { parseSamlInstant } from '../authn-request.js';
import { NS, SUBJECT_CONFIRMATION_BEARER, statusCodeUrn } from '../namespaces.js';
import { attr, childElementsNS, firstChildNS, textContent } from '../xml/safe-parse.js';
import { reject } from './rejections.js';
import type { VerifyResponseOptions } from './types.js';

export type CheckContext = Pick<VerifyResponseOptions, 'expected' | 'now' | 'skewSeconds'>;

export interface CheckedAssertion {
  nameId: string;
  nameIdFormat: string | undefined;
  inResponseTo: string | undefined;
  sessionIndex: string | undefined;
  attributes: Record<string, string[]>;
  replayUntil: Date;
}

const text = (el: Element | undefined) => textContent(el)?.trim();

/** saml-core §3.2.2.2: only a top-level Success status signs anyone in. */
export function checkStatus(response: Element): void {
  const status = firstChildNS(response, NS.protocol, 'Status');
  const code = status ? firstChildNS(status, NS.protocol, 'StatusCode') : undefined;
  const value = code ? attr(code, 'Value') : undefined;
  if (value !== statusCodeUrn('Success')) {
    const sub = code ? firstChildNS(code, NS.protocol, 'StatusCode') : undefined;
    throw reject('status_not_success', [value, sub ? attr(sub, 'Value') : undefined].filter(Boolean).join(' / ') || 'no status');
  }
}

/**
 * saml-core §3.2.2: Issuer (when present) is the IdP. saml-bindings §3.5.5.2: Destination is our ACS, and a
 * signed Response MUST carry it (an unsigned one may omit it: its signed assertion's Recipient still binds it).
 */
export function checkResponse(response: Element, ctx: CheckContext, { signed }: { signed: boolean }): void {
  const issuer = firstChildNS(response, NS.assertion, 'Issuer');
  if (issuer && text(issuer) !== ctx.expected.issuer) throw reject('issuer_mismatch', 'Response Issuer');
  const destination = attr(response, 'Destination');
  if (destination === undefined && signed) throw reject('destination_mismatch', 'A signed Response without Destination');
  if (destination !== undefined && destination !== ctx.expected.destination) throw reject('destination_mismatch');
}

function instant(el: Element, name: string): Date | undefined {
  const raw = attr(el, name);
  if (raw === undefined) return undefined;
  const d = parseSamlInstant(raw);
  if (!d) throw reject('malformed_response', `${name} is not a dateTime`);
  return d;
}

/** saml-core §2.5.1.2: NotBefore ≤ now < NotOnOrAfter, widened by the allowed clock skew on both sides. */
function checkWindow(el: Element, ctx: CheckContext): Date | undefined {
  const skew = ctx.skewSeconds * 1000;
  const now = ctx.now.getTime();
  const notBefore = instant(el, 'NotBefore');
  const notOnOrAfter = instant(el, 'NotOnOrAfter');
  if (notBefore && now + skew < notBefore.getTime()) throw reject('not_yet_valid');
  if (notOnOrAfter && now - skew >= notOnOrAfter.getTime()) throw reject('expired');
  return notOnOrAfter;
}

/** saml-profiles §4.1.4.2: a bearer SubjectConfirmation whose data names our ACS as Recipient and is unexpired. */
function checkSubjectConfirmation(subject: Element, ctx: CheckContext): { inResponseTo: string | undefined; notOnOrAfter: Date } {
  const bearer = childElementsNS(subject, NS.assertion, 'SubjectConfirmation').filter(
    (c) => attr(c, 'Method') === SUBJECT_CONFIRMATION_BEARER,
  );
  if (bearer.length === 0) throw reject('subject_confirmation_missing');
  const data = bearer.map((c) => firstChildNS(c, NS.assertion, 'SubjectConfirmationData'));
  const ours = data.find((d): d is Element => d !== undefined && attr(d, 'Recipient') === ctx.expected.destination);
  if (!ours) throw reject('recipient_mismatch');
  const notOnOrAfter = checkWindow(ours, ctx);
  if (!notOnOrAfter) throw reject('subject_confirmation_missing', 'SubjectConfirmationData has no NotOnOrAfter');
  return { inResponseTo: attr(ours, 'InResponseTo'), notOnOrAfter };
}

/** saml-core §2.5.1: time window; §2.5.1.4: EVERY AudienceRestriction must name us (and one must exist, saml-profiles §4.1.4.2). */
function checkConditions(assertion: Element, ctx: CheckContext): Date | undefined {
  const conditions = childElementsNS(assertion, NS.assertion, 'Conditions');
  if (conditions.length !== 1) throw reject(conditions.length === 0 ? 'audience_mismatch' : 'malformed_response', 'Conditions');
  const c = conditions[0] as Element;
  const notOnOrAfter = checkWindow(c, ctx);
  const restrictions = childElementsNS(c, NS.assertion, 'AudienceRestriction');
  if (restrictions.length === 0) throw reject('audience_mismatch', 'No AudienceRestriction');
  for (const r of restrictions) {
    if (!childElementsNS(r, NS.assertion, 'Audience').some((a) => text(a) === ctx.expected.audience)) throw reject('audience_mismatch');
  }
  return notOnOrAfter;
}

/** saml-core §2.7.3: every Attribute's values, by Name (text only: comments cannot truncate a value). */
function readAttributes(assertion: Element): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const statement of childElementsNS(assertion, NS.assertion, 'AttributeStatement')) {
    for (const a of childElementsNS(statement, NS.assertion, 'Attribute')) {
      const name = attr(a, 'Name');
      if (!name) continue;
      const values = childElementsNS(a, NS.assertion, 'AttributeValue').map((v) => textContent(v) ?? '');
      out[name] = [...(out[name] ?? []), ...values];
    }
  }
  return out;
}

/** Checks a signed assertion and reads what a service provider needs from it. */
export function checkAssertion(assertion: Element, ctx: CheckContext): CheckedAssertion {
  if (attr(assertion, 'Version') !== '2.0') throw reject('malformed_response', 'Assertion Version');
  if (text(firstChildNS(assertion, NS.assertion, 'Issuer')) !== ctx.expected.issuer) throw reject('issuer_mismatch', 'Assertion Issuer');
  const subject = firstChildNS(assertion, NS.assertion, 'Subject');
  if (!subject) throw reject('subject_confirmation_missing', 'No Subject');
  const confirmation = checkSubjectConfirmation(subject, ctx);
  const conditionsEnd = checkConditions(assertion, ctx);
  const nameIdEl = firstChildNS(subject, NS.assertion, 'NameID');
  const authn = firstChildNS(assertion, NS.assertion, 'AuthnStatement');
  const ends = [confirmation.notOnOrAfter, conditionsEnd].filter((d): d is Date => d !== undefined).map((d) => d.getTime());
  return {
    nameId: text(nameIdEl) ?? '',
    nameIdFormat: nameIdEl ? attr(nameIdEl, 'Format') : undefined,
    inResponseTo: confirmation.inResponseTo,
    sessionIndex: authn ? attr(authn, 'SessionIndex') : undefined,
    attributes: readAttributes(assertion),
    // Kept until the assertion can no longer pass the time checks, skew included.
    replayUntil: new Date(Math.max(...ends) + ctx.skewSeconds * 1000),
  };
}
