// The code one signing thread runs (keys/signing-workers.ts), kept as plain CommonJS source and started with
// `new Worker(source, { eval: true })`: the same text under tsx and in the esbuild bundle (`npm run build`), with no
// worker entry file to locate or bundle, and without loading tsx or the app into the thread.
//
// Messages from the main thread:
//   { type: 'key', keyId, privateKeyPem }  once per signing key and thread: parsed here once, kept in memory only
//   { type: 'forget', keyId }              a retired key: dropped
//   { type: 'sign', seq, keyId, hash, data } RSASSA-PKCS1-v1_5 over `data` (the canonical SignedInfo, xmldsig §3.1.2)
// Answers: { seq, signature } (base64) or { seq, error } (a message without key material).
export const SIGNING_WORKER_SOURCE = `
'use strict';
const { parentPort } = require('node:worker_threads');
const { createPrivateKey, sign } = require('node:crypto');
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
    parentPort.postMessage({ seq: m.seq, signature: sign(m.hash, m.data, key).toString('base64') });
  } catch (err) {
    parentPort.postMessage({ seq: m.seq, error: String((err && err.message) || err) });
  }
});
`;
