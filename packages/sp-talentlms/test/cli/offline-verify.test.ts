import { createResponseSigner, encodePost, fingerprints, newSamlId, type ResponseInput } from '@samlbridge/protocol';
import { expect } from 'chai';
import { runOfflineVerify, type VerifyReport } from '../../src/cli/offline-verify.js';
import { ACS_URL, baseInput, IDP_ENTITY_ID, type ResponseOverrides, SP_ENTITY_ID, START } from '../helpers/harness.js';
import { idpKeys, otherKeys } from '../helpers/keys.js';

const NOW = START.toISOString();

function response(o: ResponseOverrides = {}, key: 'idp' | 'other' = 'idp'): string {
  const input: ResponseInput = baseInput(START, o);
  return createResponseSigner(key === 'idp' ? idpKeys() : otherKeys()).issue(input);
}

/** Runs the command with in-memory files: the Response at `resp.xml`, the IdP certificate at `idp.pem`. */
async function run(args: string[], files: Record<string, string> = {}, stdin = '') {
  return runOfflineVerify(args, {
    readFile: (path) => {
      const f = files[path];
      if (f === undefined) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
      return f;
    },
    readStdin: () => stdin,
    now: () => new Date('2030-01-01T00:00:00Z'),
  });
}

const common = ['--sp-entity-id', SP_ENTITY_ID, '--acs-url', ACS_URL, '--idp-entity-id', IDP_ENTITY_ID, '--now', NOW];

async function verdictOn(xml: string, extra: string[] = []): Promise<{ code: number; report: VerifyReport }> {
  const out = await run(['--response', 'resp.xml', '--idp-cert', 'idp.pem', ...common, '--json', ...extra], {
    'resp.xml': xml,
    'idp.pem': idpKeys().certificatePem,
  });
  return { code: out.code, report: JSON.parse(out.stdout) as VerifyReport };
}

describe('npm run verify (offline verify, the ACS code path)', () => {
  it('accepts a good Response with exit 0, lists every check in order and the identity from signed bytes', async () => {
    const { code, report } = await verdictOn(response());
    expect(code).to.equal(0);
    expect(report.verdict).to.equal('accept');
    expect(report.reason).to.equal(null);
    expect(report.checks.map((c) => c.name)).to.deep.equal([
      'decode',
      'parse',
      'assertion',
      'signature',
      'status',
      'issuer',
      'destination',
      'subject_confirmation',
      'time_window',
      'audience',
      'in_response_to',
      'replay',
    ]);
    expect(report.checks.filter((c) => c.result === 'pass')).to.have.length(10);
    expect(report.checks.find((c) => c.name === 'replay')).to.include({ result: 'skipped', detail: 'no replay cache offline' });
    expect(report.checks.every((c) => typeof c.detail === 'string' && c.detail !== '')).to.equal(true);
    expect(report.identity).to.include({ nameId: 'jdoe', issuer: IDP_ENTITY_ID });
    expect(report.identity?.attributes.Email).to.deep.equal(['jane.doe@example.test']);
    expect(report.notes.join(' ')).to.contain('no replay cache');
  });

  it('reads base64 from stdin (-) and trusts a fingerprint instead of a certificate', async () => {
    const out = await run(
      ['--response', '-', '--fingerprint', fingerprints(idpKeys().certificatePem).sha256, ...common],
      {},
      `${encodePost(response())}\n`,
    );
    expect(out.code).to.equal(0);
    expect(out.stdout).to.match(/^Verdict: accept/);
    expect(out.stdout).to.contain('SKIP  replay');
  });

  const rejections: Array<[string, () => string, string, { expected?: string; received?: string }?]> = [
    [
      'expired',
      () =>
        response({
          assertion: { notOnOrAfter: new Date(START.getTime() - 3_600_000), subjectNotOnOrAfter: new Date(START.getTime() - 3_600_000) },
        }),
      'expired',
    ],
    ['not yet valid', () => response({ assertion: { notBefore: new Date(START.getTime() + 3_600_000) } }), 'not_yet_valid'],
    [
      'wrong audience',
      () => response({ assertion: { audience: 'https://elsewhere.example' } }),
      'audience_mismatch',
      { expected: SP_ENTITY_ID, received: 'https://elsewhere.example' },
    ],
    [
      'wrong Destination',
      () => response({ destination: 'https://elsewhere.example/acs' }),
      'destination_mismatch',
      { expected: ACS_URL, received: 'https://elsewhere.example/acs' },
    ],
    ['signed by another key', () => response({}, 'other'), 'untrusted_certificate'],
    ['unsigned', () => response().replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/g, ''), 'signature_missing'],
    ['status not Success', () => response({ status: { code: 'Responder' }, assertion: null }), 'status_not_success'],
    [
      'another Issuer',
      () => response({ issuer: 'https://rogue.example' }),
      'issuer_mismatch',
      { expected: IDP_ENTITY_ID, received: 'https://rogue.example' },
    ],
    ['not a Response', () => '<x/>', 'malformed_response'],
  ];
  for (const [what, make, reason, values] of rejections) {
    it(`rejects ${what} with exit 1, reason ${reason}, the failed check last`, async () => {
      const { code, report } = await verdictOn(make());
      expect(code).to.equal(1);
      expect(report.verdict).to.equal('reject');
      expect(report.reason).to.equal(reason);
      expect(report.message).to.be.a('string').and.not.equal('');
      const last = report.checks.at(-1);
      expect(last).to.include({ result: 'fail', reason });
      if (values) expect(last).to.include(values);
    });
  }

  it('rejects a Response that answers another request than --request-id, and accepts the one it answers', async () => {
    const requestId = newSamlId();
    const xml = response({ inResponseTo: requestId });
    const wrong = await verdictOn(xml, ['--request-id', newSamlId()]);
    expect(wrong.code).to.equal(1);
    expect(wrong.report.reason).to.equal('unknown_in_response_to');
    expect(wrong.report.checks.at(-1)).to.include({ name: 'in_response_to', received: requestId });
    const right = await verdictOn(xml, ['--request-id', requestId]);
    expect(right.code).to.equal(0);
    expect(right.report.checks.find((c) => c.name === 'in_response_to')?.result).to.equal('pass');
  });

  it('compares the Issuer with the Response’s own when --idp-entity-id is not given, and says so', async () => {
    const out = await run(
      ['--response', 'r', '--idp-cert', 'c', '--sp-entity-id', SP_ENTITY_ID, '--acs-url', ACS_URL, '--now', NOW, '--json'],
      {
        r: response(),
        c: idpKeys().certificatePem,
      },
    );
    expect(out.code).to.equal(0);
    expect((JSON.parse(out.stdout) as VerifyReport).notes.join(' ')).to.contain(`Response's own (${IDP_ENTITY_ID})`);
  });

  const usage: Array<[string, string[]]> = [
    ['no --response', ['--idp-cert', 'idp.pem', ...common]],
    ['neither --idp-cert nor --fingerprint', ['--response', 'resp.xml', ...common]],
    ['both --idp-cert and --fingerprint', ['--response', 'resp.xml', '--idp-cert', 'idp.pem', '--fingerprint', 'ab', ...common]],
    ['no --acs-url', ['--response', 'resp.xml', '--idp-cert', 'idp.pem', '--sp-entity-id', 'x']],
    ['an unknown option', ['--response', 'resp.xml', '--idp-cert', 'idp.pem', ...common, '--bogus']],
    [
      '--now that is not a date',
      ['--response', 'resp.xml', '--idp-cert', 'idp.pem', '--sp-entity-id', 'x', '--acs-url', 'y', '--now', 'yesterday'],
    ],
    ['a missing file', ['--response', 'missing.xml', '--idp-cert', 'idp.pem', ...common]],
  ];
  for (const [what, args] of usage) {
    it(`exits 2 with the usage text on ${what}`, async () => {
      const out = await run(args, { 'resp.xml': response(), 'idp.pem': idpKeys().certificatePem });
      expect(out.code).to.equal(2);
      expect(out.stdout).to.equal('');
      expect(out.stderr).to.match(/^verify: /);
      expect(out.stderr).to.contain('Usage: npm run -s verify');
    });
  }
});
