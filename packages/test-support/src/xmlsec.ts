// xmlsec1 (Debian's, /usr/bin/xmlsec1) as the independent XML-signature oracle of the tests.
import { spawnSync } from 'node:child_process';

/** The ID-attribute elements of SAML 2.0 (`--id-attr:ID` takes `namespace:LocalName`). */
export const SAML_ID_ELEMENTS = {
  assertion: 'urn:oasis:names:tc:SAML:2.0:assertion:Assertion',
  response: 'urn:oasis:names:tc:SAML:2.0:protocol:Response',
  logoutRequest: 'urn:oasis:names:tc:SAML:2.0:protocol:LogoutRequest',
  entityDescriptor: 'urn:oasis:names:tc:SAML:2.0:metadata:EntityDescriptor',
} as const;

/**
 * `xmlsec1 --verify` of the signature in `file` with the RSA key of the PEM certificate in `certificateFile`, the
 * elements `idElements` carrying their ID attribute. Returns xmlsec1's report ("OK" on a line of its own); throws
 * when the signature does not verify (the error carries xmlsec1's report) or xmlsec1 is missing (code ENOENT).
 */
export function xmlsecVerify(file: string, certificateFile: string, idElements: readonly string[]): string {
  const args = ['--verify', '--pubkey-cert-pem', certificateFile, '--enabled-key-data', 'rsa'];
  for (const element of idElements) args.push('--id-attr:ID', element);
  const result = spawnSync('xmlsec1', [...args, file], { encoding: 'utf8' });
  if (result.error) throw result.error;
  if (result.status !== 0)
    throw Object.assign(new Error(`xmlsec1 did not verify ${file}: ${result.stderr.trim()}`), { report: result.stderr });
  return result.stderr;
}
