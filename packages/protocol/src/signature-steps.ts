// The Response builder is written once, as a generator that stops at each RSA signature it needs (the Assertion's,
// then the Response's, which covers the signed Assertion: saml-core §5.4.1, §6.2). Two drivers answer those stops
// with the SAME bytes (RSASSA-PKCS1-v1_5 is deterministic, RFC 8017 §8.2.1): `runSync` on the calling thread, and
// `runAsync` with any asynchronous signer: a dedicated signing thread (the IdP's keys/signing-workers.ts) or, by
// default, the callback form of crypto.sign on libuv's threadpool.

import type { KeyObject } from 'node:crypto';
import { sign } from 'node:crypto';

/** One signature the builder needs: `hash` names the digest, `data` is the canonical SignedInfo (xmldsig §3.1.2). */
export interface SignatureRequest {
  hash: string;
  data: Buffer;
}

/** Signs one canonical SignedInfo (RSASSA-PKCS1-v1_5 with `hash`) and answers the base64 SignatureValue. */
export type SignatureFunction = (request: SignatureRequest) => Promise<string>;

/** Yields each SignatureRequest, receives its SignatureValue (base64), returns the finished document. */
export type SigningSteps = Generator<SignatureRequest, string, string>;

export function runSync(steps: SigningSteps, key: KeyObject): string {
  let step = steps.next();
  while (!step.done) step = steps.next(sign(step.value.hash, step.value.data, key).toString('base64'));
  return step.value;
}

/** crypto.sign's callback form: the RSA operation runs on libuv's threadpool (shared with scrypt and async fs). */
export function threadpoolSignature(key: KeyObject): SignatureFunction {
  return ({ hash, data }) =>
    new Promise((resolve, reject) => {
      sign(hash, data, key, (err, signature) => (err ? reject(err) : resolve(signature.toString('base64'))));
    });
}

export async function runAsync(steps: SigningSteps, signature: SignatureFunction): Promise<string> {
  let step = steps.next();
  while (!step.done) step = steps.next(await signature(step.value));
  return step.value;
}
