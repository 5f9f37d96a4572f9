// SAML bindings: HTTP-Redirect (saml-bindings §3.4) and HTTP-POST (saml-bindings §3.5).
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { protocolError } from './protocol-errors.js';

const KiB = 1024;

/** saml-bindings §3.4.4.1: DEFLATE (RFC 1951, no zlib header) then base64. URL-encoding is the caller's (see buildRedirectUrl). */
export function encodeRedirect(xml: string): string {
  return deflateRawSync(Buffer.from(xml, 'utf8')).toString('base64');
}

export interface DecodeRedirectOptions {
  maxInflatedBytes?: number;
  maxEncodedBytes?: number;
}

// Strict base64 after removing whitespace (some SPs wrap lines; URL decoding may leave spaces for '+').
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function strictBase64(input: string, maxEncodedBytes: number): Buffer {
  if (typeof input !== 'string' || input.length === 0) {
    throw protocolError('bad_base64', 'The SAML message parameter is empty');
  }
  if (input.length > maxEncodedBytes) {
    throw protocolError('message_too_large', `The SAML message parameter is larger than ${maxEncodedBytes} bytes`);
  }
  const compact = input.replace(/[ \t\r\n]+/g, '');
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) {
    throw protocolError('bad_base64', 'The SAML message parameter is not valid base64');
  }
  return Buffer.from(compact, 'base64');
}

/** Reverses encodeRedirect. `param` is the already URL-decoded SAMLRequest/SAMLResponse value. */
export function decodeRedirect(
  param: string,
  { maxInflatedBytes = 256 * KiB, maxEncodedBytes = 64 * KiB }: DecodeRedirectOptions = {},
): string {
  const compressed = strictBase64(param, maxEncodedBytes);
  let inflated: Buffer;
  try {
    // maxOutputLength stops a deflate bomb after maxInflatedBytes+1 bytes instead of inflating it all.
    inflated = inflateRawSync(compressed, { maxOutputLength: maxInflatedBytes + 1 });
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') {
      throw protocolError('message_too_large', `The inflated SAML message is larger than ${maxInflatedBytes} bytes`, { cause: err });
    }
    throw protocolError('inflate_failed', 'The SAML message parameter is not valid DEFLATE data', { cause: err });
  }
  if (inflated.length > maxInflatedBytes) {
    throw protocolError('message_too_large', `The inflated SAML message is larger than ${maxInflatedBytes} bytes`);
  }
  return decodeUtf8(inflated);
}

function decodeUtf8(buf: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch (err) {
    throw protocolError('malformed_xml', 'The SAML message is not valid UTF-8', { cause: err });
  }
}

export type RedirectParams =
  | { SAMLRequest: string; SAMLResponse?: undefined; RelayState?: string; SigAlg?: string; Signature?: string }
  | { SAMLResponse: string; SAMLRequest?: undefined; RelayState?: string; SigAlg?: string; Signature?: string };

/** saml-bindings §3.4.4: appends the (already encoded) message and RelayState, keeping any query the endpoint has. */
export function buildRedirectUrl(endpoint: string, params: RedirectParams): string {
  const parts: string[] = [];
  if (params.SAMLRequest !== undefined) parts.push(`SAMLRequest=${encodeURIComponent(params.SAMLRequest)}`);
  if (params.SAMLResponse !== undefined) parts.push(`SAMLResponse=${encodeURIComponent(params.SAMLResponse)}`);
  if (params.RelayState !== undefined) parts.push(`RelayState=${encodeURIComponent(params.RelayState)}`);
  if (params.SigAlg !== undefined) parts.push(`SigAlg=${encodeURIComponent(params.SigAlg)}`);
  if (params.Signature !== undefined) parts.push(`Signature=${encodeURIComponent(params.Signature)}`);
  const hashAt = endpoint.indexOf('#');
  const base = hashAt === -1 ? endpoint : endpoint.slice(0, hashAt);
  const sep = base.includes('?') ? (base.endsWith('?') || base.endsWith('&') ? '' : '&') : '?';
  return `${base}${sep}${parts.join('&')}`;
}

/** saml-bindings §3.5.4: base64 of the UTF-8 XML (no deflate). */
export function encodePost(xml: string): string {
  return Buffer.from(xml, 'utf8').toString('base64');
}

export interface DecodePostOptions {
  /** Largest accepted decoded message, in bytes. Default 256 KiB. */
  maxBytes?: number;
}

/** Reverses encodePost; whitespace/line breaks in the base64 are tolerated, anything else non-base64 is refused. */
export function decodePost(b64: string, { maxBytes = 256 * KiB }: DecodePostOptions = {}): string {
  // base64 is 4/3 of the payload, plus room for line breaks.
  const bytes = strictBase64(b64, Math.ceil((maxBytes * 4) / 3) * 2 + 16);
  if (bytes.length > maxBytes) {
    throw protocolError('message_too_large', `The SAML message is larger than ${maxBytes} bytes`);
  }
  return decodeUtf8(bytes);
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

export interface PostFormInput {
  action: string;
  fields: Record<string, string | undefined>;
  /** Page title / heading (default from `purpose`). */
  title?: string;
  /** What the message does, for the title and the no-JavaScript text: a Response signs in, a Logout message signs out. */
  purpose?: PostFormPurpose;
}

export type PostFormPurpose = 'sign-in' | 'sign-out';

const PURPOSE_TEXT: Record<PostFormPurpose, { title: string; finish: string }> = {
  'sign-in': { title: 'Signing you in…', finish: 'finish signing in' },
  'sign-out': { title: 'Signing you out…', finish: 'finish signing out' },
};

/**
 * saml-bindings §3.5.4: an HTML form that POSTs the message. No inline script (strict CSP):
 * `/assets/autopost.js` (served by the apps) submits `form[data-autopost]`; without JS the
 * person presses Continue.
 */
export function renderPostForm({ action, fields, purpose = 'sign-in', title = PURPOSE_TEXT[purpose].title }: PostFormInput): string {
  const inputs = Object.entries(fields)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><title>${escapeHtml(title)}</title>
<script src="/assets/autopost.js" defer></script></head>
<body>
<form method="post" action="${escapeHtml(action)}" data-autopost>
${inputs}
<noscript><p>JavaScript is off: press Continue to ${PURPOSE_TEXT[purpose].finish}.</p></noscript>
<button type="submit">Continue</button>
</form>
</body>
</html>
`;
}
