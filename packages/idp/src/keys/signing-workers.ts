// Dedicated signing threads (IDP_SIGNING_THREADS) for the RSA signatures of SAML Responses. The main thread builds
// and canonicalises each SignedInfo (protocol/response-builder.ts issueAsync) and posts those bytes and a key id; a
// thread signs synchronously and posts the SignatureValue back. A Response signed twice is ONE message: the request
// also carries the canonical Response around the Assertion's SignatureValue (signature-steps.ts `enveloping`), and
// the thread answers both signatures. Not libuv's threadpool: there, signatures queued first in first out behind
// whole scrypt password checks (IDP_PASSWORD_CONCURRENCY fills the default 4 threads).
//
// A private key goes to a thread once (the first signature with it), never with each message, and is never logged.
// A thread that dies fails every signature it still owed with 503 `signing_unavailable` (never a hang) and is
// started again for the next signature; `close()` ends every thread.
import { Worker } from 'node:worker_threads';
import type { SignatureAnswer, SignatureFunction, SignatureRequest } from '@samlbridge/protocol';
import type { Logger } from '@samlbridge/web';
import { keyError } from './key-errors.js';
import { SIGNING_WORKER_SOURCE } from './signing-worker-source.js';

export interface SigningKeyRef {
  id: string;
  privateKeyPem: string;
}

export interface SigningWorkers {
  /** A SignatureFunction that signs with `key` on the least busy thread. */
  signatureWith(key: SigningKeyRef): SignatureFunction;
  /** Drops a retired key from every thread. */
  forget(keyId: string): void;
  /** Ends every thread; signatures still owed fail, later ones fail at once. */
  close(): Promise<void>;
}

export interface SigningWorkersOptions {
  threads: number;
  logger: Logger;
  /** The thread's code (tests give one that crashes); default signing-worker-source.ts. */
  source?: string;
}

interface Pending {
  resolve(answer: SignatureAnswer): void;
  reject(err: Error): void;
}

interface Thread {
  worker: Worker;
  keys: Set<string>;
  pending: Map<number, Pending>;
}

export function createSigningWorkers({ threads, logger, source = SIGNING_WORKER_SOURCE }: SigningWorkersOptions): SigningWorkers {
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`signing threads must be a positive integer, not ${threads}`);
  const slots: (Thread | undefined)[] = new Array(threads).fill(undefined);
  let seq = 0;
  let closed = false;

  function start(index: number): Thread {
    // execArgv []: the thread needs node:crypto only, not tsx or the app's loaders.
    const worker = new Worker(source, { eval: true, execArgv: [] });
    const thread: Thread = { worker, keys: new Set(), pending: new Map() };
    worker.unref(); // referenced only while it owes a signature (see settle / sign)
    worker.on('message', (m: { seq: number; answer?: SignatureAnswer; error?: string }) => {
      const p = thread.pending.get(m.seq);
      if (!p) return;
      thread.pending.delete(m.seq);
      if (thread.pending.size === 0) worker.unref();
      if (m.answer !== undefined) p.resolve(m.answer);
      else p.reject(keyError('signing_unavailable', `The Response could not be signed: ${m.error ?? 'unknown error'}.`));
    });
    worker.on('error', (err) => {
      logger.error({ err, thread: index }, 'signing thread failed');
    });
    worker.on('exit', (code) => {
      if (slots[index] === thread) slots[index] = undefined; // the next signature starts a new thread
      if (!closed)
        logger.warn(
          { thread: index, code, owed: thread.pending.size },
          'signing thread exited; it is started again for the next signature',
        );
      const err = keyError(
        'signing_unavailable',
        closed ? 'The identity provider is shutting down.' : 'The signing thread stopped while signing this Response. Try again.',
      );
      for (const p of thread.pending.values()) p.reject(err);
      thread.pending.clear();
    });
    slots[index] = thread;
    return thread;
  }

  function pick(): Thread {
    let best: Thread | undefined;
    for (let i = 0; i < slots.length; i++) {
      const t = slots[i] ?? start(i);
      if (!best || t.pending.size < best.pending.size) best = t;
      if (best.pending.size === 0) break;
    }
    return best as Thread;
  }

  function sign(key: SigningKeyRef, { hash, data, enveloping }: SignatureRequest): Promise<SignatureAnswer> {
    if (closed) return Promise.reject(keyError('signing_unavailable', 'The identity provider is shutting down.'));
    const thread = pick();
    if (!thread.keys.has(key.id)) {
      thread.worker.postMessage({ type: 'key', keyId: key.id, privateKeyPem: key.privateKeyPem });
      thread.keys.add(key.id);
    }
    const id = ++seq;
    return new Promise<SignatureAnswer>((resolve, reject) => {
      thread.pending.set(id, { resolve, reject });
      thread.worker.ref();
      thread.worker.postMessage({ type: 'sign', seq: id, keyId: key.id, hash, data, enveloping });
    });
  }

  return {
    signatureWith: (key) => (request) => sign(key, request),
    forget(keyId) {
      for (const t of slots) {
        if (t?.keys.delete(keyId)) t.worker.postMessage({ type: 'forget', keyId });
      }
    },
    async close() {
      closed = true;
      await Promise.all(slots.map((t) => t?.worker.terminate()));
    },
  };
}
