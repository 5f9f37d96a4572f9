// The per-login SAML trace (store/sso-traces.ts) an admin opens from Directory Insights: ONE recorder on the SSO
// state. `recordSsoTrace` runs first in the step chain (http/sso/index.ts) and writes the trace when the chain ends;
// `traced` wraps each step and records how it ended, so the steps themselves only report what words cannot be
// derived (the request signature's verdict, the Response as sent, a parked login flow). Holds the SAML messages
// exchanged (never passwords or keys: neither travels in them). A rejection's trace is written only together with
// its sso_auth event (sso-rejections.ts folds a flood into one event, and so one trace).
import { randomUUID } from 'node:crypto';
import { BINDING } from '@samlbridge/protocol';
import { toSamlbridgeError } from '@samlbridge/web';
import type { Middleware } from 'koa';
import type { SsoTrace, SsoTraceStep } from '../../store/sso-traces.js';
import type { IdpDeps } from '../deps.js';
import { type SsoState, ssoState } from './state.js';

export interface SsoTraceRecorder {
  readonly id: string;
  /** The request signature check's verdict (check-request-signature.ts). */
  requestSignature(verdict: string): void;
  /** The Response as sent and where (issue-response.ts sendSamlPost). */
  responseSent(xml: string, acsUrl: string): void;
  /** A rejection's sso_auth event was written: the trace goes with it. */
  keep(): void;
}

interface Recording extends SsoTraceRecorder {
  trace: SsoTrace;
  kept: boolean;
  step(step: SsoTraceStep): void;
}

function recording(trace: SsoTrace): Recording {
  const r: Recording = {
    id: trace.id,
    trace,
    kept: false,
    step: (step) => {
      trace.steps.push(step);
      if (step.outcome === 'failed' && trace.reason === null) {
        trace.outcome = 'failure';
        trace.reason = step.code ?? 'internal_error';
      }
    },
    requestSignature: (verdict) => {
      trace.request.signature = verdict;
    },
    responseSent: (xml, acsUrl) => {
      trace.response = { xml, acsUrl, binding: BINDING.post };
    },
    keep: () => {
      r.kept = true;
    },
  };
  return r;
}

function recorderOf(s: SsoState): Recording | undefined {
  return s.trace as Recording | undefined;
}

/** Wraps one SSO step: passed (it called the next step), failed (it threw), or ended (it answered by itself). */
export function traced(name: string, step: Middleware): Middleware {
  return async (ctx, next) => {
    const rec = recorderOf(ssoState(ctx));
    let called = false;
    try {
      await step(ctx, async () => {
        called = true;
        rec?.step({ step: name, outcome: 'passed' });
        await next();
      });
    } catch (err) {
      if (!called) {
        const e = toSamlbridgeError(err);
        rec?.step({ step: name, outcome: 'failed', code: e.code, note: e.message });
      }
      throw err;
    }
    if (!called && rec) {
      const note = rec.trace.response ? 'sent the Response' : ssoState(ctx).loginFlowId ? 'sent the person to the login form' : undefined;
      rec.step({ step: name, outcome: 'ended', ...(note ? { note } : {}) });
    }
  };
}

/** First in the chain: starts (or, after /login, continues) the trace and writes it when the chain is done. */
export function recordSsoTrace(deps: IdpDeps): Middleware {
  return async (ctx, next) => {
    const s = ssoState(ctx);
    const resumed = s.loginFlowId ? await deps.store.ssoTraces.findByLoginFlow(s.loginFlowId) : undefined;
    const trace: SsoTrace = resumed ?? {
      id: randomUUID(),
      at: deps.clock.now(),
      application: null,
      initiatedBy: s.initiatedBy,
      user: null,
      loginFlowId: null,
      outcome: 'pending',
      reason: null,
      request: { xml: null, id: null, binding: null, signature: null },
      steps: [],
      response: null,
    };
    if (resumed)
      resumed.steps.push({ step: 'signIn', outcome: 'passed', note: 'the person signed in at /login; the parked request continues' });
    const rec = recording(trace);
    s.trace = rec;
    try {
      await next();
    } finally {
      await finish(deps, s, rec, resumed !== undefined);
    }
    // The Response's event and Single Logout participant, queued with the trace: the request fails if they fail.
    await s.writes;
  };
}

async function finish(deps: IdpDeps, s: SsoState, rec: Recording, resumed: boolean): Promise<void> {
  const { trace } = rec;
  trace.application = s.app?.name ?? trace.application;
  trace.initiatedBy = s.initiatedBy;
  trace.user = s.user?.username ?? trace.user;
  if (s.requestXml !== undefined) {
    trace.request = { ...trace.request, xml: s.requestXml, id: s.parsed?.id ?? null, binding: s.binding ?? null };
  }
  const refused = trace.steps.find((step) => step.step === 'checkRequestSignature' && step.outcome === 'failed');
  if (refused && trace.request.signature === null) trace.request.signature = `refused (${refused.code ?? 'request_signature_invalid'})`;
  const answered = trace.steps.at(-1)?.step === 'issueResponse' && trace.steps.at(-1)?.outcome === 'ended';
  if (answered) trace.outcome = 'success';
  // Parked: waiting for /login, found again by its flow. Otherwise the trace is final.
  const parked = !answered && trace.outcome === 'pending' && s.loginFlowId !== undefined && !resumed;
  trace.loginFlowId = parked ? (s.loginFlowId ?? null) : null;
  if (!(answered || parked || rec.kept || resumed)) return;
  try {
    const written = resumed ? deps.store.ssoTraces.update(trace) : deps.store.ssoTraces.insert(trace);
    // Queued in the same turn as the Response's rows (issue-response.ts): one group, one wait.
    const rows = s.writes?.catch(() => {
      // The Response's rows fail the request where the middleware awaits them; here only the trace's outcome counts.
    });
    await Promise.all([written, rows]);
  } catch (err) {
    // The sign-in's outcome stands without its trace.
    deps.logger.error({ err }, 'SSO trace not recorded');
  }
}
