// A tenant's SSO settings (TalentLMS: Account & Settings → Users → Single Sign-On (SSO)) and their validation.

import { X509Certificate } from 'node:crypto';
import { SamlbridgeError } from '@samlbridge/errors';
import { fingerprints, normalizeFingerprint, pemToDer } from '@samlbridge/protocol';
import { SP_ERRORS, type SpErrorCode } from '../sp-errors.js';

export interface AttributeNames {
  targetedId: string;
  firstName: string;
  lastName: string;
  email: string;
}

/** TalentLMS's "SSO integration type": None turns single sign-on off; the SAML settings are kept for later. */
export const SSO_INTEGRATION_TYPES = ['none', 'saml2'] as const;
export type SsoIntegrationType = (typeof SSO_INTEGRATION_TYPES)[number];

export interface SsoSettings {
  /** `none`: no SAML sign-in (ACS, SP-initiated login, the "Sign in with SSO" button); SCIM and passwords still work. */
  integrationType: SsoIntegrationType;
  /** Identity provider (IdP): the IdP's entity ID. */
  idpEntityId: string;
  /** Certificate fingerprint(s): SHA-1 (as TalentLMS asks) or SHA-256, stored as `AB:CD:…`. Several allow rotation. */
  certificateFingerprints: string[];
  /** PEM certificate(s), an alternative or addition to fingerprints. */
  certificatePem: string;
  remoteSignInUrl: string;
  remoteSignOutUrl: string;
  /** Where "Save and check configuration" reads the IdP metadata; empty → remote sign-in URL + `/metadata`. */
  idpMetadataUrl: string;
  attributes: AttributeNames;
  /** Accept IdP-initiated (unsolicited) Responses, e.g. a tile launch from the user console. */
  allowUnsolicited: boolean;
  /** We have no SP signing key yet: always false. */
  signAuthnRequests: boolean;
  /** When false, a signed Response or a signed Assertion suffices. */
  requireSignedAssertion: boolean;
  /** Accept rsa-sha1 / sha1 digests (off by default: SHA-1 is broken for signatures). */
  allowSha1: boolean;
  /** SP entity ID override; empty → the tenant's hostname. */
  spEntityId: string;
  /** Refuse assertions that arrive unencrypted (saml-core §2.3.4 EncryptedAssertion required). */
  requireEncryptedAssertions: boolean;
  /** Also decrypt AES-CBC EncryptedAssertions (old IdPs); off: AES-GCM only. */
  allowCbcEncryption: boolean;
  /** Sign-out sends a LogoutRequest to the IdP (SAML Single Logout) before the remote sign-out URL. */
  useSamlSingleLogout: boolean;
  /** The IdP's SingleLogoutService URL (its metadata's SingleLogoutService). */
  idpSingleLogoutUrl: string;
}

export const DEFAULT_ATTRIBUTES: AttributeNames = { targetedId: 'Username', firstName: 'FirstName', lastName: 'LastName', email: 'Email' };

export function defaultSettings(): SsoSettings {
  return {
    integrationType: 'saml2',
    idpEntityId: '',
    certificateFingerprints: [],
    certificatePem: '',
    remoteSignInUrl: '',
    remoteSignOutUrl: '',
    idpMetadataUrl: '',
    attributes: { ...DEFAULT_ATTRIBUTES },
    allowUnsolicited: true,
    signAuthnRequests: false,
    requireSignedAssertion: false,
    allowSha1: false,
    spEntityId: '',
    requireEncryptedAssertions: false,
    allowCbcEncryption: false,
    useSamlSingleLogout: false,
    idpSingleLogoutUrl: '',
  };
}

/** The SAML settings are complete: an IdP entity ID, something to trust, and somewhere to send people (SCIM needs this). */
export function isConfigured(s: SsoSettings): boolean {
  return s.idpEntityId !== '' && (s.certificateFingerprints.length > 0 || s.certificatePem !== '') && s.remoteSignInUrl !== '';
}

/** People may sign in with SAML: the integration type is SAML2.0 (not None) and its settings are complete. */
export function isSsoOn(s: SsoSettings): boolean {
  return s.integrationType === 'saml2' && isConfigured(s);
}

export interface FieldProblem {
  field: string;
  message: string;
}

export class SettingsValidationError extends SamlbridgeError {
  constructor(readonly problems: FieldProblem[]) {
    super(
      'invalid_settings' satisfies SpErrorCode,
      `The SSO settings have ${problems.length} problem(s): ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
      {
        status: SP_ERRORS.invalid_settings.status,
        details: problems,
      },
    );
  }
}

const PEM_BLOCKS = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/** Every PEM certificate block in `text`, re-emitted canonically; throws a message for the person otherwise. */
export function splitPemCertificates(text: string): string[] {
  const blocks = text.match(PEM_BLOCKS) ?? [];
  if (blocks.length === 0) throw new Error('Paste the certificate in PEM form, starting with -----BEGIN CERTIFICATE-----');
  const leftover = text.replace(PEM_BLOCKS, '').trim();
  if (leftover !== '')
    throw new Error('Only PEM certificate blocks (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----) may be pasted here');
  return blocks.map((block, i) => {
    try {
      const x509 = new X509Certificate(pemToDer(block));
      return x509.toString();
    } catch {
      throw new Error(`Certificate ${i + 1} is not a valid X.509 certificate`);
    }
  });
}

type Input = Record<string, unknown>;

function textField(input: Input, field: string, problems: FieldProblem[], current: string, max = 1024): string {
  if (!(field in input) || input[field] === undefined) return current;
  const v = input[field] === null ? '' : input[field];
  if (typeof v !== 'string') {
    problems.push({ field, message: 'Must be text' });
    return current;
  }
  const t = v.trim();
  if (t.length > max) problems.push({ field, message: `Must be at most ${max} characters` });
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  else if (/[\u0000-\u001f\u007f]/.test(t)) problems.push({ field, message: 'Must not contain control characters or line breaks' });
  return t;
}

function urlField(input: Input, field: string, problems: FieldProblem[], current: string): string {
  const before = problems.length;
  const v = textField(input, field, problems, current, 2048);
  if (problems.length > before || v === '') return v;
  try {
    const u = new URL(v);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') problems.push({ field, message: 'Must be an http:// or https:// URL' });
  } catch {
    problems.push({ field, message: 'Must be a full URL, e.g. https://sso.example.com/saml2/talentlms' });
  }
  return v;
}

function boolField(input: Input, field: string, problems: FieldProblem[], current: boolean): boolean {
  if (!(field in input) || input[field] === undefined) return current;
  const v = input[field];
  if (typeof v === 'boolean') return v;
  problems.push({ field, message: 'Must be true or false' });
  return current;
}

/**
 * Validates `input` (a partial update; absent fields keep their current value) and returns the new settings.
 * Throws SettingsValidationError listing one message per field.
 */
export function validateSettings(input: unknown, current: SsoSettings = defaultSettings()): SsoSettings {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new SettingsValidationError([{ field: '(body)', message: 'Send a JSON object with the settings fields' }]);
  }
  const i = input as Input;
  const problems: FieldProblem[] = [];
  const known = new Set([...Object.keys(defaultSettings()), 'configured']);
  for (const key of Object.keys(i)) if (!known.has(key)) problems.push({ field: key, message: 'Unknown setting' });

  let integrationType = current.integrationType ?? 'saml2';
  if (i.integrationType !== undefined) {
    if ((SSO_INTEGRATION_TYPES as readonly unknown[]).includes(i.integrationType))
      integrationType = i.integrationType as SsoIntegrationType;
    else problems.push({ field: 'integrationType', message: 'Must be none (single sign-on off) or saml2 (SAML2.0)' });
  }
  const idpEntityId = textField(i, 'idpEntityId', problems, current.idpEntityId);
  const remoteSignInUrl = urlField(i, 'remoteSignInUrl', problems, current.remoteSignInUrl);
  const remoteSignOutUrl = urlField(i, 'remoteSignOutUrl', problems, current.remoteSignOutUrl);
  const idpMetadataUrl = urlField(i, 'idpMetadataUrl', problems, current.idpMetadataUrl ?? '');
  const spEntityId = textField(i, 'spEntityId', problems, current.spEntityId);
  const idpSingleLogoutUrl = urlField(i, 'idpSingleLogoutUrl', problems, current.idpSingleLogoutUrl ?? '');
  const useSamlSingleLogout = boolField(i, 'useSamlSingleLogout', problems, current.useSamlSingleLogout ?? false);
  if (useSamlSingleLogout && !idpSingleLogoutUrl) {
    problems.push({ field: 'idpSingleLogoutUrl', message: "SAML Single Logout needs the identity provider's Single Logout URL" });
  }

  let certificateFingerprints = current.certificateFingerprints;
  if (i.certificateFingerprints !== undefined) {
    const raw = i.certificateFingerprints;
    const list = typeof raw === 'string' ? raw.split(/[\r\n,]+/) : raw;
    if (!Array.isArray(list) || list.some((x) => typeof x !== 'string')) {
      problems.push({ field: 'certificateFingerprints', message: 'Must be a list of fingerprints' });
    } else {
      certificateFingerprints = [];
      list.forEach((value: string, index) => {
        if (value.trim() === '') return;
        try {
          const { hex } = normalizeFingerprint(value);
          const display = hex.toUpperCase().replace(/(..)(?!$)/g, '$1:');
          if (!certificateFingerprints.includes(display)) certificateFingerprints.push(display);
        } catch (err) {
          problems.push({ field: `certificateFingerprints[${index}]`, message: (err as Error).message });
        }
      });
    }
  }

  let certificatePem = current.certificatePem;
  if (i.certificatePem !== undefined) {
    const raw = i.certificatePem === null ? '' : i.certificatePem;
    if (typeof raw !== 'string') problems.push({ field: 'certificatePem', message: 'Must be text (PEM)' });
    else if (raw.trim() === '') certificatePem = '';
    else {
      try {
        certificatePem = splitPemCertificates(raw).join('');
      } catch (err) {
        problems.push({ field: 'certificatePem', message: (err as Error).message });
      }
    }
  }

  const attributes = { ...current.attributes };
  if (i.attributes !== undefined) {
    if (typeof i.attributes !== 'object' || i.attributes === null || Array.isArray(i.attributes)) {
      problems.push({ field: 'attributes', message: 'Must be an object {targetedId, firstName, lastName, email}' });
    } else {
      const a = i.attributes as Input;
      for (const key of Object.keys(a)) {
        if (!(key in DEFAULT_ATTRIBUTES)) problems.push({ field: `attributes.${key}`, message: 'Unknown attribute mapping' });
      }
      for (const key of Object.keys(DEFAULT_ATTRIBUTES) as (keyof AttributeNames)[]) {
        const v = textField(a, key, problems, attributes[key], 256);
        const p = problems.at(-1);
        if (p && p.field === key) p.field = `attributes.${key}`;
        else if (a[key] !== undefined && v === '') problems.push({ field: `attributes.${key}`, message: 'Must not be empty' });
        attributes[key] = v;
      }
    }
  }

  const allowUnsolicited = boolField(i, 'allowUnsolicited', problems, current.allowUnsolicited);
  const requireSignedAssertion = boolField(i, 'requireSignedAssertion', problems, current.requireSignedAssertion);
  const allowSha1 = boolField(i, 'allowSha1', problems, current.allowSha1);
  const requireEncryptedAssertions = boolField(i, 'requireEncryptedAssertions', problems, current.requireEncryptedAssertions);
  const allowCbcEncryption = boolField(i, 'allowCbcEncryption', problems, current.allowCbcEncryption);
  const signAuthnRequests = boolField(i, 'signAuthnRequests', problems, current.signAuthnRequests);
  if (signAuthnRequests)
    problems.push({ field: 'signAuthnRequests', message: 'Signed AuthnRequests are not supported yet (the SP has no signing key)' });

  if (problems.length) throw new SettingsValidationError(problems);
  return {
    integrationType,
    idpEntityId,
    certificateFingerprints,
    certificatePem,
    remoteSignInUrl,
    remoteSignOutUrl,
    idpMetadataUrl,
    attributes,
    allowUnsolicited,
    signAuthnRequests: false,
    requireSignedAssertion,
    allowSha1,
    spEntityId,
    requireEncryptedAssertions,
    allowCbcEncryption,
    useSamlSingleLogout,
    idpSingleLogoutUrl,
  };
}

/** SHA-1/SHA-256 fingerprints of the configured PEM certificates, for display. */
export function pemFingerprints(s: SsoSettings): { sha1: string; sha256: string }[] {
  if (!s.certificatePem) return [];
  return (s.certificatePem.match(PEM_BLOCKS) ?? []).map((b) => fingerprints(b));
}
