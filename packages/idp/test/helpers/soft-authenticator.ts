// A WebAuthn authenticator in software for server-side tests (webauthn-3 §6): one ES256 key, "none" attestation,
// user presence and verification flags set, a signature counter. Browser tests use Chromium's virtual authenticator.
import { createHash, createSign, generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { isoCBOR } from '@simplewebauthn/server/helpers';

const b64url = (b: Uint8Array | Buffer) => Buffer.from(b).toString('base64url');
const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest();

interface Options {
  challenge: string;
  rp?: { id?: string };
  rpId?: string;
  user?: { id: string };
}

export class SoftAuthenticator {
  readonly credentialId = randomBytes(16);
  private readonly key: KeyObject;
  private readonly cosePublicKey: Uint8Array;
  counter = 0;
  /** The user handle given at registration (base64url), returned by assertions. */
  userHandle?: string;

  constructor(
    private readonly origin: string,
    private readonly flags = { up: true, uv: true },
  ) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.key = privateKey;
    const jwk = publicKey.export({ format: 'jwk' });
    const cose = new Map<number, number | Uint8Array>([
      [1, 2], // kty: EC2
      [3, -7], // alg: ES256
      [-1, 1], // crv: P-256
      [-2, new Uint8Array(Buffer.from(jwk.x as string, 'base64url'))],
      [-3, new Uint8Array(Buffer.from(jwk.y as string, 'base64url'))],
    ]);
    this.cosePublicKey = isoCBOR.encode(cose);
  }

  /** The private key, PKCS#8 DER: what Chromium's virtual authenticator takes (WebAuthn.addCredential) to hold the same credential. */
  privateKeyPkcs8(): Buffer {
    return this.key.export({ format: 'der', type: 'pkcs8' });
  }

  private authData(rpId: string, attested: boolean): Buffer {
    const flagByte = (this.flags.up ? 0x01 : 0) | (this.flags.uv ? 0x04 : 0) | (attested ? 0x40 : 0);
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(this.counter);
    const parts = [sha256(rpId), Buffer.from([flagByte]), counter];
    if (attested) {
      const len = Buffer.alloc(2);
      len.writeUInt16BE(this.credentialId.length);
      parts.push(Buffer.alloc(16), len, this.credentialId, Buffer.from(this.cosePublicKey));
    }
    return Buffer.concat(parts);
  }

  private clientData(type: string, challenge: string, origin = this.origin): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }), 'utf8');
  }

  /** navigator.credentials.create() + toJSON(), as the browser would post it. */
  create(options: Options, origin?: string): string {
    const rpId = options.rp?.id ?? new URL(this.origin).hostname;
    this.userHandle = options.user?.id;
    const attestationObject = isoCBOR.encode(
      new Map<string, unknown>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', new Uint8Array(this.authData(rpId, true))],
      ]) as never,
    );
    return JSON.stringify({
      id: b64url(this.credentialId),
      rawId: b64url(this.credentialId),
      type: 'public-key',
      response: {
        clientDataJSON: b64url(this.clientData('webauthn.create', options.challenge, origin)),
        attestationObject: b64url(attestationObject),
        transports: ['internal'],
      },
      clientExtensionResults: {},
    });
  }

  /** navigator.credentials.get() + toJSON(): signs authenticatorData ‖ SHA-256(clientDataJSON) (§6.3.3). */
  get(options: Options, origin?: string): string {
    const rpId = options.rpId ?? new URL(this.origin).hostname;
    this.counter += 1;
    const authData = this.authData(rpId, false);
    const clientData = this.clientData('webauthn.get', options.challenge, origin);
    const signature = createSign('sha256')
      .update(Buffer.concat([authData, sha256(clientData)]))
      .sign(this.key);
    return JSON.stringify({
      id: b64url(this.credentialId),
      rawId: b64url(this.credentialId),
      type: 'public-key',
      response: {
        clientDataJSON: b64url(clientData),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        ...(this.userHandle ? { userHandle: this.userHandle } : {}),
      },
      clientExtensionResults: {},
    });
  }
}
