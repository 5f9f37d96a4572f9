// Per-application SSO options kept in store.ssoOptions: which NameID formats an SP may ask for
// (saml-core §3.4.1.1 NameIDPolicy), which RelayState targets an IdP-initiated launch may carry
// (saml-bindings §3.4.3 / §3.5.3), and the standard-OID attribute names (saml-core §8.2.2, RFC 4519).
import { ATTRNAME_FORMAT, NAMEID_FORMAT } from '@samlbridge/protocol';
import type { Application, AttributeMapping, AttributeNameFormat } from '../domain.js';
import type { SsoOptions } from '../store/types.js';
import type { Validator } from './validation.js';

export const DEFAULT_SSO_OPTIONS: SsoOptions = { allowedNameIdFormats: null, allowedRelayStates: [] };

/** The API / form fields of these options. */
export const SSO_OPTION_FIELDS = ['allowedNameIdFormats', 'allowedRelayStates'] as const;

/** The NameID formats this IdP can produce (saml-core §8.3): anything else gets InvalidNameIDPolicy. */
export const PRODUCIBLE_NAME_ID_FORMATS: readonly string[] = Object.values(NAMEID_FORMAT);

/**
 * Without an explicit list an application accepts every format the IdP can produce: its configured
 * format, unspecified, emailAddress, persistent and transient.
 */
export const DEFAULT_ALLOWED_NAME_ID_FORMATS: readonly string[] = [
  NAMEID_FORMAT.unspecified,
  NAMEID_FORMAT.emailAddress,
  NAMEID_FORMAT.persistent,
  NAMEID_FORMAT.transient,
];

/**
 * The formats an AuthnRequest may ask for, the configured one first (the metadata lists them in this order).
 * The configured format and `unspecified` (saml-core §3.4.1.1: "any format") are always accepted.
 */
export function acceptedNameIdFormats(app: Pick<Application, 'nameIdFormat'>, options: SsoOptions): string[] {
  const configured = app.nameIdFormat || NAMEID_FORMAT.unspecified;
  return [...new Set([configured, NAMEID_FORMAT.unspecified, ...(options.allowedNameIdFormats ?? DEFAULT_ALLOWED_NAME_ID_FORMATS)])];
}

/** saml-bindings §3.4.3 / §3.5.3: RelayState MUST NOT exceed 80 bytes. */
export const MAX_RELATIVE_RELAY_STATE_BYTES = 80;
const MAX_ALLOWED_RELAY_STATES = 20;

/**
 * A same-site relative path an IdP-initiated launch may carry: one leading `/` (not `//`, which browsers read
 * as another host), no backslash (read as `/` by browsers), no control characters or spaces (stripped or
 * rewritten by URL parsers), at most 80 bytes. A scheme cannot precede the leading `/`.
 */
export function isSafeRelativePath(value: string): boolean {
  if (Buffer.byteLength(value, 'utf8') > MAX_RELATIVE_RELAY_STATE_BYTES) return false;
  if (!value.startsWith('/') || value.startsWith('//')) return false;
  // `/%2F…` and `/%5C…` become `//…` or `/\…` once a redirect target is percent-decoded.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused here.
  return !/[\\\s\u0000-\u001f\u007f]/.test(value) && !/^\/%(2f|5c)/i.test(value);
}

/** An allowed-list entry matches exactly, or (ending in `/*`) as a prefix up to and including that `/`. */
export function matchesAllowedRelayState(value: string, allowed: readonly string[]): boolean {
  return allowed.some((entry) => (entry.endsWith('/*') ? value.startsWith(entry.slice(0, -1)) : value === entry));
}

/** Why a requested RelayState was not used, or undefined when it may be. */
export function relayStateProblem(value: string, options: SsoOptions): string | undefined {
  if (matchesAllowedRelayState(value, options.allowedRelayStates)) return undefined;
  if (isSafeRelativePath(value)) return undefined;
  return value.startsWith('/')
    ? 'not a plain relative path of at most 80 bytes (no "//", backslash, spaces or control characters)'
    : "neither a relative path nor on the application's allowed RelayState list";
}

/** Reads `allowedNameIdFormats` (null → default) and `allowedRelayStates` when present. */
export function readSsoOptionFields(v: Validator): Partial<SsoOptions> {
  const out: Partial<SsoOptions> = {};
  const formats = v.input.allowedNameIdFormats;
  if (formats === null) out.allowedNameIdFormats = null;
  else if (formats !== undefined) {
    if (!Array.isArray(formats) || formats.some((f) => typeof f !== 'string' || !PRODUCIBLE_NAME_ID_FORMATS.includes(f))) {
      v.problem('allowedNameIdFormats', `must be null (the default) or a list of: ${PRODUCIBLE_NAME_ID_FORMATS.join(', ')}`);
    } else out.allowedNameIdFormats = [...new Set(formats as string[])];
  }
  const relay = v.input.allowedRelayStates;
  if (relay !== undefined) {
    if (!Array.isArray(relay) || relay.length > MAX_ALLOWED_RELAY_STATES) {
      v.problem('allowedRelayStates', `must be a list of up to ${MAX_ALLOWED_RELAY_STATES} URLs (a prefix ends in "/*")`);
      return out;
    }
    const urls: string[] = [];
    for (const [i, item] of relay.entries()) {
      const field = `allowedRelayStates[${i}]`;
      const entry = typeof item === 'string' ? item.trim() : '';
      const url = entry.endsWith('/*') ? entry.slice(0, -1) : entry;
      let parsed: URL | undefined;
      try {
        parsed = new URL(url);
      } catch {
        parsed = undefined;
      }
      if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') || entry.length > 1024) {
        v.problem(field, 'must be an absolute http(s) URL, or a prefix ending in "/*" (like https://lms.example.com/courses/*)');
      } else if (entry.endsWith('/*') && parsed.pathname === '/' && !url.endsWith('/')) {
        v.problem(field, 'a prefix must end in "/*" after the host');
      } else urls.push(entry);
    }
    if (urls.length === relay.length) out.allowedRelayStates = [...new Set(urls)];
  }
  return out;
}

/** saml-core §8.2 NameFormat URIs by their short names. */
export function attributeNameFormatUri(format: AttributeNameFormat | undefined): string {
  return ATTRNAME_FORMAT[format ?? 'basic'];
}

/**
 * "Use standard OIDs": the LDAP names of TalentLMS's four attributes (RFC 4519 / RFC 4524 OIDs as the
 * urn:oid namespace of RFC 3061, NameFormat uri per saml-core §8.2.2; the X.500/LDAP attribute profile,
 * saml-profiles §8.2). Keyed by the user field they carry.
 */
export const STANDARD_OID_ATTRIBUTES: Readonly<
  Record<'email' | 'firstName' | 'lastName' | 'username', { name: string; friendlyName: string }>
> = {
  email: { name: 'urn:oid:0.9.2342.19200300.100.1.3', friendlyName: 'mail' },
  firstName: { name: 'urn:oid:2.5.4.42', friendlyName: 'givenName' },
  lastName: { name: 'urn:oid:2.5.4.4', friendlyName: 'sn' },
  username: { name: 'urn:oid:0.9.2342.19200300.100.1.1', friendlyName: 'uid' },
};

/** The mappings with each email / first name / last name / username attribute renamed to its standard OID. */
export function withStandardOids(attributes: readonly AttributeMapping[]): AttributeMapping[] {
  return attributes.map((a) => {
    const standard =
      a.source in STANDARD_OID_ATTRIBUTES ? STANDARD_OID_ATTRIBUTES[a.source as keyof typeof STANDARD_OID_ATTRIBUTES] : undefined;
    return standard ? { ...a, name: standard.name, nameFormat: 'uri', friendlyName: standard.friendlyName } : { ...a };
  });
}
