// The code one signing thread runs (keys/signing-workers.ts), kept as plain CommonJS source and started with
// `new Worker(source, { eval: true })`: the same text under tsx and in the esbuild bundle (`npm run build`), with no
// worker entry file to locate or bundle, and without loading tsx or the app into the thread.
//
// Messages from the main thread:
//   { type: 'key', keyId, privateKeyPem }  once per signing key and thread: parsed here once, kept in memory only
//   { type: 'forget', keyId }              a retired key: dropped
//   { type: 'sign', seq, keyId, hash, data, enveloping? } RSASSA-PKCS1-v1_5 over `data` (the canonical SignedInfo, xmldsig
//       §3.1.2) and, with `enveloping`, the enveloping signature too: the protocol's SignatureRequest (signature-steps.ts),
//       finished here exactly as its `signPair` does, so a Response signed twice costs one round trip
// Answers: { seq, answer } (a SignatureAnswer: base64 values) or { seq, error } (a message without key material).
export const SIGNING_WORKER_SOURCE = `
'use strict';
const { parentPort } = require('node:worker_threads');
const { createHash, createPrivateKey, sign } = require('node:crypto');
const keys = new Map();
parentPort.on('message', (m) => {
  if (m.type === 'key') {
    keys.set(m.keyId, createPrivateKey(m.privateKeyPem));
    return;
  }
  if (m.type === 'forget') {
    keys.delete(m.keyId);
    return;
  }
  try {
    const key = keys.get(m.keyId);
    if (!key) throw new Error('this signing thread holds no key ' + m.keyId);
    const value = sign(m.hash, m.data, key).toString('base64');
    let enveloping;
    if (m.enveloping) {
      const t = m.enveloping;
      const digest = createHash(m.hash).update(t.documentHead).update(value).update(t.documentTail).digest('base64');
      const data = Buffer.from(t.signedInfoHead + digest + t.signedInfoTail, 'utf8');
      enveloping = { digest, value: sign(m.hash, data, key).toString('base64') };
    }
    parentPort.postMessage({ seq: m.seq, answer: enveloping ? { value, enveloping } : { value } });
  } catch (err) {
    parentPort.postMessage({ seq: m.seq, error: String((err && err.message) || err) });
  }
});
`;
