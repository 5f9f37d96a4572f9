// Reading and checking application fields (API JSON and portal forms end up here).
import { NAMEID_FORMAT, type SignatureAlgorithm, type SigningMode } from '@samlbridge/protocol';
import type { Application, AttributeMapping, AttributeNameFormat, AttributeNaming, NameIdSource, UserField } from '../domain.js';
import type { SsoOptions } from '../store/types.js';
import { readImage } from './app-images.js';
import { PLACEHOLDER } from './catalog.js';
import { readSpCertificates } from './sp-certificates.js';
import { readSsoOptionFields, SSO_OPTION_FIELDS } from './sso-options.js';
import { Validator } from './validation.js';

export interface ApplicationFields extends Partial<SsoOptions> {
  displayLabel?: string;
  description?: string;
  image?: string | null;
  showInConsole?: boolean;
  idpEntityId?: string | null;
  spEntityId?: string;
  acsUrls?: string[];
  defaultRelayState?: string;
  nameIdSource?: NameIdSource;
  nameIdFormat?: string;
  signing?: SigningMode;
  signatureAlgorithm?: SignatureAlgorithm;
  attributes?: AttributeMapping[];
  groupAttribute?: string | null;
  bookmarkUrl?: string;
  ssoActive?: boolean;
  /** Refuse AuthnRequests not signed by `spCertificatePem` (kept in store.requestSigning). */
  requireSignedRequests?: boolean;
  spCertificatePem?: string;
  allowSha1?: boolean;
}

export interface CreateApplicationInput extends ApplicationFields {
  /** Catalog entry (default `custom-saml`). */
  catalog?: string;
  /** `{applicationname}` of the SSO IdP URL; derived from the display label when absent. */
  name?: string;
  /** Alternative to `name`: the whole SSO IdP URL `{IDP_BASE_URL}/saml2/{applicationname}`. */
  ssoUrl?: string;
}

export type UpdateApplicationInput = ApplicationFields & { name?: string; ssoUrl?: string };

/** Signed AuthnRequests (saml-bindings §3.4.4.1 / §3.5.4): SAML applications only, stored apart from the application row. */
export const REQUEST_SIGNING_FIELDS = ['requireSignedRequests', 'spCertificatePem', 'allowSha1'] as const;
export const GENERAL_FIELDS = ['displayLabel', 'description', 'image', 'showInConsole'] as const;
export const SSO_FIELDS = [
  'idpEntityId',
  'spEntityId',
  'acsUrls',
  'defaultRelayState',
  'nameIdSource',
  'nameIdFormat',
  'signing',
  'signatureAlgorithm',
  'attributes',
  'groupAttribute',
  'bookmarkUrl',
  ...REQUEST_SIGNING_FIELDS,
  ...SSO_OPTION_FIELDS,
] as const;
export const EDIT_FIELDS: readonly string[] = [...GENERAL_FIELDS, ...SSO_FIELDS, 'ssoActive', 'name', 'ssoUrl'];
export const CREATE_FIELDS: readonly string[] = [...EDIT_FIELDS, 'catalog'];

const NAME_ID_SOURCES: readonly NameIdSource[] = ['username', 'email', 'id'];
const NAME_ID_FORMATS = Object.values(NAMEID_FORMAT);
const SIGNING: readonly SigningMode[] = ['both', 'assertion', 'response'];
const ALGORITHMS: readonly SignatureAlgorithm[] = ['rsa-sha256', 'rsa-sha512', 'rsa-sha1'];
export const USER_FIELDS: readonly UserField[] = ['username', 'email', 'firstName', 'lastName', 'id'];
const MAX_ACS_URLS = 20;
const MAX_ATTRIBUTES = 50;
/** saml-bindings §3.4.3 / §3.5.3: RelayState "MUST NOT exceed 80 bytes"; we keep room but cap it. */
export const MAX_RELAY_STATE_BYTES = 1024;
/** XML Name-ish: what SPs accept as an Attribute Name (saml-core §2.7.3.1 allows any string; we stay sane). */
const ATTRIBUTE_NAME = /^[^\s<>&"']{1,256}$/;

function readAcsUrls(v: Validator): string[] | undefined {
  const value = v.input.acsUrls;
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length > MAX_ACS_URLS) {
    v.problem('acsUrls', `must be a list of up to ${MAX_ACS_URLS} URLs (the first is the default)`);
    return undefined;
  }
  // saml-core §3.4.1: the SP names (or the IdP defaults to) one of its registered ACS endpoints.
  if (value.length === 0) v.problem('acsUrls', 'must list at least one ACS URL (the first is the default)');
  const urls: string[] = [];
  let repeated = false;
  for (const [i, item] of value.entries()) {
    if (typeof item !== 'string') {
      v.problem(`acsUrls[${i}]`, 'must be a string');
      continue;
    }
    const url = v.checkUrl(`acsUrls[${i}]`, item.trim());
    if (url && urls.includes(url)) {
      v.problem(`acsUrls[${i}]`, 'repeats an earlier ACS URL');
      repeated = true;
    } else if (url) urls.push(url);
  }
  return urls.length === value.length && !repeated ? urls : undefined;
}

const ATTRIBUTE_NAME_FORMATS: readonly AttributeNameFormat[] = ['basic', 'uri', 'unspecified'];

/** saml-core §2.7.3.1 NameFormat (basic | uri | unspecified, absent → basic) and FriendlyName (optional). */
function readAttributeNaming(v: Validator, at: string, nameFormat: unknown, friendlyName: unknown): AttributeNaming {
  const naming: AttributeNaming = {};
  if (nameFormat !== undefined && nameFormat !== null && nameFormat !== 'basic') {
    if (!ATTRIBUTE_NAME_FORMATS.includes(nameFormat as AttributeNameFormat)) {
      v.problem(`${at}.nameFormat`, `must be one of: ${ATTRIBUTE_NAME_FORMATS.join(', ')}`);
    } else naming.nameFormat = nameFormat as AttributeNameFormat;
  }
  if (friendlyName !== undefined && friendlyName !== null && friendlyName !== '') {
    const f = typeof friendlyName === 'string' ? friendlyName.trim() : '';
    if (!ATTRIBUTE_NAME.test(f)) v.problem(`${at}.friendlyName`, 'must be a short name without spaces or <>&"\' (or empty)');
    else naming.friendlyName = f;
  }
  return naming;
}

function readAttributes(v: Validator): AttributeMapping[] | undefined {
  const value = v.input.attributes;
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length > MAX_ATTRIBUTES) {
    v.problem('attributes', `must be a list of up to ${MAX_ATTRIBUTES} mappings like {"name": "Email", "source": "email"}`);
    return undefined;
  }
  const out: AttributeMapping[] = [];
  for (const [i, item] of value.entries()) {
    const at = `attributes[${i}]`;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      v.problem(at, 'must be an object {name, source, value?}');
      continue;
    }
    const { name, source, value: constant, nameFormat, friendlyName, ...rest } = item as Record<string, unknown>;
    for (const k of Object.keys(rest)) v.problem(`${at}.${k}`, 'is not a known field');
    const naming = readAttributeNaming(v, at, nameFormat, friendlyName);
    const n = typeof name === 'string' ? name.trim() : '';
    if (!ATTRIBUTE_NAME.test(n)) v.problem(`${at}.name`, 'must be a non-empty attribute name without spaces or <>&"\'');
    else if (out.some((a) => a.name === n)) v.problem(`${at}.name`, `repeats the attribute name "${n}"`);
    if (source === 'constant') {
      if (typeof constant !== 'string' || constant.length > 1024) v.problem(`${at}.value`, 'must be the constant value (a string)');
      else out.push({ name: n, source: 'constant', value: constant, ...naming });
    } else if (USER_FIELDS.includes(source as UserField)) {
      if (constant !== undefined) v.problem(`${at}.value`, 'is only for source "constant"');
      else out.push({ name: n, source: source as UserField, ...naming });
    } else v.problem(`${at}.source`, `must be one of: ${[...USER_FIELDS, 'constant'].join(', ')}`);
  }
  const names = out.map((a) => a.name);
  const repeated = names.some((n, i) => names.indexOf(n) !== i);
  return out.length === value.length && !repeated ? out : undefined;
}

function nullableName(v: Validator, field: string): string | null | undefined {
  if (v.input[field] === null) return null;
  const value = v.string(field, { max: 256 });
  if (value === undefined) return undefined;
  if (value === '') return null;
  if (!ATTRIBUTE_NAME.test(value)) v.problem(field, 'must be an attribute name without spaces or <>&"\'');
  return value;
}

function readCertificatePem(v: Validator): string | undefined {
  if (v.input.spCertificatePem === null) return '';
  const pem = v.string('spCertificatePem', { max: 64 * 1024 });
  if (!pem) return pem;
  const read = readSpCertificates(pem);
  if (!read.ok) v.problem('spCertificatePem', read.problem);
  return read.ok ? pem : undefined;
}

/** Every editable field that is present, checked; problems collect in `v`. */
export function readApplicationFields(v: Validator): ApplicationFields {
  const idpEntityId = v.input.idpEntityId === null ? null : v.string('idpEntityId', { max: 1024 });
  const bookmarkUrl = v.input.bookmarkUrl === null ? '' : v.url('bookmarkUrl');
  const fields: ApplicationFields = {
    displayLabel: v.string('displayLabel', { max: 200 }),
    description: v.string('description', { max: 2000 }),
    image: readImage(v),
    showInConsole: v.boolean('showInConsole'),
    idpEntityId: idpEntityId === '' ? null : idpEntityId,
    spEntityId: v.string('spEntityId', { notBlank: true, max: 1024 }),
    acsUrls: readAcsUrls(v),
    defaultRelayState: v.string('defaultRelayState', { max: MAX_RELAY_STATE_BYTES }),
    nameIdSource: v.oneOf('nameIdSource', NAME_ID_SOURCES),
    nameIdFormat: v.oneOf('nameIdFormat', NAME_ID_FORMATS),
    signing: v.oneOf('signing', SIGNING),
    signatureAlgorithm: v.oneOf('signatureAlgorithm', ALGORITHMS),
    attributes: readAttributes(v),
    groupAttribute: nullableName(v, 'groupAttribute'),
    bookmarkUrl,
    ssoActive: v.boolean('ssoActive'),
    requireSignedRequests: v.boolean('requireSignedRequests'),
    spCertificatePem: readCertificatePem(v),
    allowSha1: v.boolean('allowSha1'),
    ...readSsoOptionFields(v),
  };
  if (v.has('displayLabel') && fields.displayLabel === '') v.problem('displayLabel', 'must not be empty');
  return fields;
}

/** Fields that still hold a YOURDOMAIN / SUBDOMAIN placeholder. */
export function placeholderFields(
  app: Pick<Application, 'spEntityId' | 'acsUrls' | 'defaultRelayState' | 'bookmarkUrl' | 'idpEntityIdOverride'>,
): string[] {
  const out: string[] = [];
  if (PLACEHOLDER.test(app.spEntityId)) out.push('spEntityId');
  app.acsUrls.forEach((u, i) => {
    if (PLACEHOLDER.test(u)) out.push(`acsUrls[${i}]`);
  });
  if (PLACEHOLDER.test(app.defaultRelayState)) out.push('defaultRelayState');
  if (app.bookmarkUrl && PLACEHOLDER.test(app.bookmarkUrl)) out.push('bookmarkUrl');
  if (app.idpEntityIdOverride && PLACEHOLDER.test(app.idpEntityIdOverride)) out.push('idpEntityId');
  return out;
}

/** `{applicationname}` from a display label: "TalentLMS Prod" → "talentlms-prod". */
export function slugify(label: string): string {
  const slug = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 55)
    .replace(/-+$/, '');
  return slug || 'app';
}

export { Validator };
