// The rules a verified Response must still satisfy (saml-core §2–§3, saml-profiles §4.1.4).

import type { Element } from '@xmldom/xmldom';
import { parseSamlInstant } from '../authn-request.js';
import { NS, SUBJECT_CONFIRMATION_BEARER, statusCodeUrn } from '../namespaces.js';
import { attr, childElementsNS, firstChildNS, textContent } from '../xml/safe-parse.js';
import { runCheck } from './check-log.js';
import { reject } from './rejections.js';
import type { VerifyResponseOptions } from './types.js';

export type CheckContext = Pick<VerifyResponseOptions, 'expected' | 'now' | 'skewSeconds' | 'checks'>;

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
    const received = [value, sub ? attr(sub, 'Value') : undefined].filter(Boolean).join(' / ') || 'no status';
    throw reject('status_not_success', received, { expected: statusCodeUrn('Success'), received });
  }
}

/**
 * saml-bindings §3.5.5.2: Destination is our ACS, and a signed Response MUST carry it (an unsigned one may omit
 * it: its signed assertion's Recipient still binds it).
 */
export function checkDestination(response: Element, ctx: CheckContext, { signed }: { signed: boolean }): void {
  const destination = attr(response, 'Destination');
  const values = { expected: ctx.expected.destination, received: destination ?? '(none)' };
  if (destination === undefined && signed) throw reject('destination_mismatch', 'A signed Response without Destination', values);
  if (destination !== undefined && destination !== ctx.expected.destination) throw reject('destination_mismatch', undefined, values);
}

/** saml-core §3.2.2: the Response's Issuer (when present) and §2.3.3 the Assertion's (required) are the IdP. */
export function checkIssuers(response: Element, assertion: Element, ctx: CheckContext): void {
  const responseIssuer = firstChildNS(response, NS.assertion, 'Issuer');
  if (responseIssuer && text(responseIssuer) !== ctx.expected.issuer) {
    throw reject('issuer_mismatch', 'Response Issuer', { expected: ctx.expected.issuer, received: text(responseIssuer) ?? '' });
  }
  if (attr(assertion, 'Version') !== '2.0') throw reject('malformed_response', 'Assertion Version');
  const assertionIssuer = text(firstChildNS(assertion, NS.assertion, 'Issuer'));
  if (assertionIssuer !== ctx.expected.issuer) {
    throw reject('issuer_mismatch', 'Assertion Issuer', { expected: ctx.expected.issuer, received: assertionIssuer ?? '(none)' });
  }
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
  const received = `now ${ctx.now.toISOString()}`;
  if (notBefore && now + skew < notBefore.getTime()) {
    throw reject('not_yet_valid', `${el.localName} NotBefore`, {
      expected: `not before ${notBefore.toISOString()} (±${ctx.skewSeconds} s)`,
      received,
    });
  }
  if (notOnOrAfter && now - skew >= notOnOrAfter.getTime()) {
    throw reject('expired', `${el.localName} NotOnOrAfter`, {
      expected: `before ${notOnOrAfter.toISOString()} (±${ctx.skewSeconds} s)`,
      received,
    });
  }
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
  if (!ours) {
    const received = data.map((d) => (d ? attr(d, 'Recipient') : undefined) ?? '(none)').join(', ');
    throw reject('recipient_mismatch', undefined, { expected: ctx.expected.destination, received });
  }
  const notOnOrAfter = checkWindow(ours, ctx);
  if (!notOnOrAfter) throw reject('subject_confirmation_missing', 'SubjectConfirmationData has no NotOnOrAfter');
  return { inResponseTo: attr(ours, 'InResponseTo'), notOnOrAfter };
}

/** The one Conditions element (saml-core §2.5.1; saml-profiles §4.1.4.2 requires the audience it carries). */
function theConditions(assertion: Element, ctx: CheckContext): Element {
  const conditions = childElementsNS(assertion, NS.assertion, 'Conditions');
  if (conditions.length === 1) return conditions[0] as Element;
  if (conditions.length === 0) throw reject('audience_mismatch', 'No Conditions', { expected: ctx.expected.audience, received: '(none)' });
  throw reject('malformed_response', 'Conditions');
}

/** saml-core §2.5.1.4: EVERY AudienceRestriction must name us (and one must exist, saml-profiles §4.1.4.2). */
function checkAudience(c: Element, ctx: CheckContext): void {
  const restrictions = childElementsNS(c, NS.assertion, 'AudienceRestriction');
  if (restrictions.length === 0)
    throw reject('audience_mismatch', 'No AudienceRestriction', { expected: ctx.expected.audience, received: '(none)' });
  for (const r of restrictions) {
    const audiences = childElementsNS(r, NS.assertion, 'Audience').map((a) => text(a) ?? '');
    if (!audiences.includes(ctx.expected.audience)) {
      throw reject('audience_mismatch', undefined, { expected: ctx.expected.audience, received: audiences.join(', ') || '(none)' });
    }
  }
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

/**
 * Checks a signed assertion (its Issuer was checked by checkIssuers) and reads what a service provider needs from
 * it. `responseInResponseTo`: the Response's own attribute, which must agree with the confirmation's.
 */
export function checkAssertion(assertion: Element, ctx: CheckContext, responseInResponseTo?: string): CheckedAssertion {
  const subject = firstChildNS(assertion, NS.assertion, 'Subject');
  const confirmation = runCheck(ctx.checks, 'subject_confirmation', () => {
    if (!subject) throw reject('subject_confirmation_missing', 'No Subject');
    const found = checkSubjectConfirmation(subject, ctx);
    if (responseInResponseTo !== undefined && found.inResponseTo !== undefined && responseInResponseTo !== found.inResponseTo) {
      throw reject('unknown_in_response_to', 'Response and SubjectConfirmationData InResponseTo differ', {
        expected: found.inResponseTo,
        received: responseInResponseTo,
      });
    }
    return found;
  });
  const { conditions, conditionsEnd } = runCheck(ctx.checks, 'time_window', () => {
    const c = theConditions(assertion, ctx);
    return { conditions: c, conditionsEnd: checkWindow(c, ctx) };
  });
  runCheck(ctx.checks, 'audience', () => checkAudience(conditions, ctx));
  // The Subject exists: the subject_confirmation check refused its absence.
  const nameIdEl = firstChildNS(subject as Element, NS.assertion, 'NameID');
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
