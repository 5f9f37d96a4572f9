// The Response builder is written once, as a generator that stops at each RSA signature it needs. Two drivers answer
// those stops with the SAME bytes (RSASSA-PKCS1-v1_5 is deterministic, RFC 8017 §8.2.1): `runSync` on the calling
// thread, and `runAsync` with any asynchronous signer: a dedicated signing thread (the IdP's keys/signing-workers.ts)
// or, by default, the callback form of crypto.sign on libuv's threadpool.
//
// A Response whose Assertion and Response are both signed needs the Assertion's SignatureValue before the Response's
// digest (it covers the signed Assertion: saml-core §5.4.1, §6.2). The builder then stops ONCE, with a request that
// carries the enveloping signature as a template (`enveloping`): the canonical Response around the slot for the Assertion's
// SignatureValue, and the canonical SignedInfo around the slot for the Response's DigestValue. A signer finishes both
// (`signPair`) in one go, so a signing thread costs one round trip per Response, not two.

import type { KeyObject } from 'node:crypto';
import { createHash, sign } from 'node:crypto';

/** The signature over a document that contains the SignatureValue of the request it belongs to. */
export interface EnvelopingSignature {
  /** The canonical document is `documentHead` + the first SignatureValue (base64) + `documentTail`. */
  documentHead: string;
  documentTail: string;
  /** Its canonical SignedInfo is `signedInfoHead` + the document's DigestValue (base64) + `signedInfoTail`. */
  signedInfoHead: string;
  signedInfoTail: string;
}

/**
 * One signature the builder needs: `hash` names the digest, `data` is the canonical SignedInfo (xmldsig §3.1.2). With
 * `enveloping`, a second signature (same `hash`, for its digest too) over the document that holds the first one's value.
 */
export interface SignatureRequest {
  hash: string;
  data: Buffer;
  enveloping?: EnvelopingSignature;
}

/** The base64 SignatureValue of a request and, when it had `enveloping`, that signature's DigestValue and SignatureValue. */
export interface SignatureAnswer {
  value: string;
  enveloping?: { digest: string; value: string };
}

/** Signs a SignatureRequest (RSASSA-PKCS1-v1_5 with `hash`) and its `enveloping`, and answers their values. */
export type SignatureFunction = (request: SignatureRequest) => Promise<SignatureAnswer>;

/** Yields each SignatureRequest, receives its answer, returns the finished document. */
export type SigningSteps = Generator<SignatureRequest, string, SignatureAnswer>;

/** The canonical SignedInfo of `enveloping` once the first SignatureValue is known (xmldsig §3.1.1 Reference Generation). */
export function envelopingSignedInfo(hash: string, enveloping: EnvelopingSignature, firstValue: string): { digest: string; data: Buffer } {
  const digest = createHash(hash).update(enveloping.documentHead).update(firstValue).update(enveloping.documentTail).digest('base64');
  return { digest, data: Buffer.from(enveloping.signedInfoHead + digest + enveloping.signedInfoTail, 'utf8') };
}

/** Answers one request on the calling thread. The signing thread's source (keys/signing-worker-source.ts) mirrors it. */
export function signPair(request: SignatureRequest, key: KeyObject): SignatureAnswer {
  const value = sign(request.hash, request.data, key).toString('base64');
  if (!request.enveloping) return { value };
  const next = envelopingSignedInfo(request.hash, request.enveloping, value);
  return { value, enveloping: { digest: next.digest, value: sign(request.hash, next.data, key).toString('base64') } };
}

export function runSync(steps: SigningSteps, key: KeyObject): string {
  let step = steps.next();
  while (!step.done) step = steps.next(signPair(step.value, key));
  return step.value;
}

function signOnThreadpool(hash: string, data: Buffer, key: KeyObject): Promise<string> {
  return new Promise((resolve, reject) => {
    sign(hash, data, key, (err, signature) => (err ? reject(err) : resolve(signature.toString('base64'))));
  });
}

/** crypto.sign's callback form: the RSA operations run on libuv's threadpool (shared with scrypt and async fs). */
export function threadpoolSignature(key: KeyObject): SignatureFunction {
  return async (request) => {
    const value = await signOnThreadpool(request.hash, request.data, key);
    if (!request.enveloping) return { value };
    const next = envelopingSignedInfo(request.hash, request.enveloping, value);
    return { value, enveloping: { digest: next.digest, value: await signOnThreadpool(request.hash, next.data, key) } };
  };
}

export async function runAsync(steps: SigningSteps, signature: SignatureFunction): Promise<string> {
  let step = steps.next();
  while (!step.done) step = steps.next(await signature(step.value));
  return step.value;
}
