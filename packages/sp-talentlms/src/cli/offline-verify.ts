// `npm run verify`: the TalentLMS-like SP's verdict on one SAMLResponse, offline. It runs the ACS's own
// verification (saml/verify-response.ts acceptSamlResponse: the SP's settings as verifier options, then the
// protocol verifier), with the clock from --now, and prints every check with its result and reason code.
// Offline there is no replay cache and no store of sent AuthnRequests: replay is never checked (said in the
// output), and InResponseTo is checked only against --request-id.
import { parseArgs } from 'node:util';
import { RESPONSE_CHECKS, type ResponseCheck, ResponseRejectedError, type VerifiedResponse } from '@samlbridge/protocol';
import { spConfigSpec } from '../config.js';
import { REASONS } from '../saml/reasons.js';
import { acceptSamlResponse, type VerifyContext } from '../saml/verify-response.js';
import { defaultSettings } from '../sso/settings.js';

export const VERIFY_USAGE = `Usage: npm run -s verify -- --response FILE|- (--idp-cert PEMFILE | --fingerprint FP)
         --sp-entity-id ID --acs-url URL [--idp-entity-id ID] [--request-id ID] [--now ISO-8601]
         [--sp-key PEMFILE] [--skew SECONDS] [--require-signed-assertion] [--allow-sha1] [--json]

  --response FILE|-     the SAMLResponse: base64 (as posted) or XML, from a file or - for stdin
  --idp-cert PEMFILE    the IdP signing certificate to trust, or
  --fingerprint FP      its SHA-1 or SHA-256 fingerprint (any case, colons optional)
  --sp-entity-id ID     the SP's entity ID (the expected Audience)
  --acs-url URL         the SP's ACS URL (the expected Destination and Recipient)
  --idp-entity-id ID    the expected Issuer; without it the Response's own Issuer is used (and said so)
  --request-id ID       the AuthnRequest ID the Response must answer; without it InResponseTo is not checked
  --now ISO-8601        the clock to judge time windows by (default: now)
  --sp-key PEMFILE      the SP's private key, for an EncryptedAssertion
  --skew SECONDS        allowed clock difference (default ${spConfigSpec.clockSkewSeconds.default}, as SP_CLOCK_SKEW_SECONDS)
  --json                one JSON object: verdict, reason, checks[], identity
Exit status: 0 accept, 1 reject, 2 bad usage.`;

export interface VerifyIo {
  readFile: (path: string) => string;
  readStdin: () => string;
  now: () => Date;
}

export interface VerifyOutcome {
  code: 0 | 1 | 2;
  stdout: string;
  stderr: string;
}

/** What --json prints. */
export interface VerifyReport {
  verdict: 'accept' | 'reject';
  /** The reason code of the refusal (saml/reasons.ts), null on accept. */
  reason: string | null;
  /** The SP's sentence for the refusal, null on accept. */
  message: string | null;
  checks: Array<ResponseCheck & { detail: string }>;
  /** Read from the signed bytes only; null when refused before the signatures were verified. */
  identity: {
    nameId: string;
    nameIdFormat: string | null;
    issuer: string;
    sessionIndex: string | null;
    inResponseTo: string | null;
    responseId: string;
    assertionId: string;
    attributes: Record<string, string[]>;
    signed: { response: boolean; assertion: boolean };
    encrypted: boolean;
  } | null;
  notes: string[];
}

class UsageError extends Error {}

interface Parsed {
  response: string;
  context: Omit<VerifyContext, 'idpEntityId'> & { idpEntityId: string | undefined };
  requestId: string | undefined;
  json: boolean;
}

function parse(argv: readonly string[], io: VerifyIo): Parsed {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        response: { type: 'string' },
        'idp-cert': { type: 'string' },
        fingerprint: { type: 'string' },
        'sp-entity-id': { type: 'string' },
        'acs-url': { type: 'string' },
        'idp-entity-id': { type: 'string' },
        'request-id': { type: 'string' },
        now: { type: 'string' },
        'sp-key': { type: 'string' },
        skew: { type: 'string' },
        'require-signed-assertion': { type: 'boolean' },
        'allow-sha1': { type: 'boolean' },
        json: { type: 'boolean' },
      },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const str = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const required = (name: string) => {
    const v = str(name);
    if (v === undefined || v.trim() === '') throw new UsageError(`--${name} is required`);
    return v;
  };
  const source = required('response');
  const cert = str('idp-cert');
  const fingerprint = str('fingerprint');
  if ((cert === undefined) === (fingerprint === undefined))
    throw new UsageError('give exactly one of --idp-cert PEMFILE or --fingerprint FP');
  const spEntityId = required('sp-entity-id');
  const acsUrl = required('acs-url');
  const nowText = str('now');
  const now = nowText === undefined ? io.now() : new Date(nowText);
  if (nowText !== undefined && (!/^\d{4}-\d\d-\d\dT/.test(nowText) || Number.isNaN(now.getTime()))) {
    throw new UsageError(`--now "${nowText}" is not an ISO-8601 date-time (e.g. 2026-12-03T10:00:00Z)`);
  }
  const skewText = str('skew');
  const skew = skewText === undefined ? spConfigSpec.clockSkewSeconds.default : Number(skewText);
  if (!Number.isInteger(skew) || skew < 0 || skew > 600)
    throw new UsageError(`--skew "${skewText}" is not a whole number of seconds from 0 to 600`);
  const read = (path: string, what: string) => {
    try {
      return path === '-' ? io.readStdin() : io.readFile(path);
    } catch (err) {
      throw new UsageError(`cannot read ${what} ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  };
  const certificatePem = cert === undefined ? '' : read(cert, '--idp-cert');
  if (cert !== undefined && !certificatePem.includes('-----BEGIN CERTIFICATE-----'))
    throw new UsageError(`--idp-cert ${cert} holds no PEM certificate`);
  const spKey = str('sp-key');
  const defaults = defaultSettings();
  return {
    response: normalizeInput(read(source, '--response')),
    requestId: str('request-id'),
    json: values.json === true,
    context: {
      idpEntityId: str('idp-entity-id'),
      spEntityId,
      acsUrl,
      certificateFingerprints: fingerprint === undefined ? [] : [fingerprint],
      certificatePem,
      requireSignedAssertion: values['require-signed-assertion'] === true || defaults.requireSignedAssertion,
      allowSha1: values['allow-sha1'] === true || defaults.allowSha1,
      now,
      clockSkewSeconds: skew,
      acceptRawXml: true,
      ...(spKey !== undefined ? { decryption: { privateKeysPem: [read(spKey, '--sp-key')], allowCbc: defaults.allowCbcEncryption } } : {}),
    },
  };
}

/** A pasted form field may still be URL-encoded (copied from a browser's network panel). */
function normalizeInput(text: string): string {
  const t = text.trim();
  if (!t.startsWith('<') && /%[0-9A-Fa-f]{2}/.test(t)) {
    try {
      return decodeURIComponent(t.replace(/\+/g, ''));
    } catch {
      return t;
    }
  }
  return t;
}

const NO_ISSUER = '\u0000no --idp-entity-id';

async function judge(parsed: Parsed): Promise<{ checks: ResponseCheck[]; verified?: VerifiedResponse; error?: unknown; notes: string[] }> {
  const notes = ['Offline: no replay cache, so a second use of this assertion ID is not detected here (the ACS refuses it).'];
  let idpEntityId = parsed.context.idpEntityId;
  if (idpEntityId === undefined) {
    // A dry run of the same verifier with an Issuer no Response can carry: its issuer check reports the Issuer it read.
    const probe: ResponseCheck[] = [];
    await attempt(parsed, NO_ISSUER, probe);
    const issuer = probe.find((c) => c.name === 'issuer' && c.result === 'fail')?.received;
    idpEntityId = issuer ?? NO_ISSUER;
    notes.push(
      issuer === undefined
        ? 'No --idp-entity-id: the Issuer was not reached.'
        : `No --idp-entity-id: the Issuer is compared with the Response's own (${issuer}); give --idp-entity-id to check it.`,
    );
  }
  if (parsed.requestId === undefined)
    notes.push('No --request-id: InResponseTo is not checked (the ACS checks it against the requests it sent).');
  const checks: ResponseCheck[] = [];
  const { verified, error } = await attempt(parsed, idpEntityId, checks);
  for (const c of checks) {
    if (c.name === 'replay' && c.result === 'pass') Object.assign(c, { result: 'skipped', detail: 'no replay cache offline' });
    if (c.name === 'in_response_to' && c.result === 'pass' && parsed.requestId === undefined) {
      Object.assign(c, { result: 'skipped', detail: 'no --request-id given' });
    }
  }
  return { checks, ...(verified ? { verified } : {}), ...(error !== undefined ? { error } : {}), notes };
}

async function attempt(
  parsed: Parsed,
  idpEntityId: string,
  checks: ResponseCheck[],
): Promise<{ verified?: VerifiedResponse; error?: unknown }> {
  const { requestId } = parsed;
  try {
    const verified = await acceptSamlResponse(
      parsed.response,
      { ...parsed.context, idpEntityId },
      {
        // With --request-id the Response must answer exactly that request; without it, any (not checked, said so).
        inResponseTo: { allowUnsolicited: requestId === undefined, consume: async (id) => requestId === undefined || id === requestId },
        replay: async () => true,
        checks,
      },
    );
    return { verified };
  } catch (error) {
    return { error };
  }
}

function report(result: Awaited<ReturnType<typeof judge>>): VerifyReport {
  const { verified, error } = result;
  const reason = error instanceof ResponseRejectedError ? error.code : error === undefined ? null : 'internal_error';
  const identity = verified
    ? {
        nameId: verified.nameId,
        nameIdFormat: verified.nameIdFormat ?? null,
        issuer: verified.issuer,
        sessionIndex: verified.sessionIndex ?? null,
        inResponseTo: verified.inResponseTo ?? null,
        responseId: verified.responseId,
        assertionId: verified.assertionId,
        attributes: verified.attributes,
        signed: verified.signed,
        encrypted: verified.encrypted,
      }
    : null;
  return {
    verdict: error === undefined ? 'accept' : 'reject',
    reason,
    message: reason === null ? null : ((REASONS as Record<string, string>)[reason] ?? String((error as Error)?.message ?? error)),
    checks: result.checks.map((c) => ({ ...c, detail: c.detail ?? RESPONSE_CHECKS[c.name] })),
    identity,
    notes: result.notes,
  };
}

const MARK = { pass: 'PASS', fail: 'FAIL', skipped: 'SKIP' } as const;

function text(r: VerifyReport): string {
  const lines = [
    r.verdict === 'accept' ? 'Verdict: accept' : `Verdict: reject (${r.reason})`,
    ...(r.message ? [`  ${r.message}`] : []),
    '',
    'Checks:',
  ];
  for (const c of r.checks) {
    lines.push(`  ${MARK[c.result]}  ${c.name.padEnd(21)}${c.reason ? `${c.reason}: ` : ''}${c.detail}`);
    if (c.expected !== undefined) lines.push(`        expected: ${c.expected}`);
    if (c.received !== undefined) lines.push(`        received: ${c.received}`);
  }
  if (r.identity) {
    lines.push(
      '',
      'Identity (from signed bytes):',
      `  NameID: ${r.identity.nameId}${r.identity.nameIdFormat ? ` (${r.identity.nameIdFormat})` : ''}`,
    );
    lines.push(`  Issuer: ${r.identity.issuer}`);
    for (const [name, values] of Object.entries(r.identity.attributes)) lines.push(`  ${name}: ${values.join(', ')}`);
  }
  lines.push('', ...r.notes.map((n) => `Note: ${n}`));
  return `${lines.join('\n')}\n`;
}

/** The whole command, without touching the process: argv in, exit code and output out. */
export async function runOfflineVerify(argv: readonly string[], io: VerifyIo): Promise<VerifyOutcome> {
  let parsed: Parsed;
  try {
    parsed = parse(argv, io);
  } catch (err) {
    if (err instanceof UsageError) return { code: 2, stdout: '', stderr: `verify: ${err.message}\n\n${VERIFY_USAGE}\n` };
    throw err;
  }
  const r = report(await judge(parsed));
  return { code: r.verdict === 'accept' ? 0 : 1, stdout: parsed.json ? `${JSON.stringify(r, null, 2)}\n` : text(r), stderr: '' };
}
