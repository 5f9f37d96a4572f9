// Second factors of users and admins (ARCHITECTURE.md §2, the factor step): enrolment, verification (throttled
// per account, race-free, like passwords), recovery codes, the policy (user, group, application, admins), and
// their Directory Insights events. Secrets never leave this module except once, at enrolment, to their owner.
import { randomUUID } from 'node:crypto';
import { SamlbridgeError } from '@samlbridge/errors';
import { type Clock, createLoginThrottle, type LoginThrottle, type loginThrottleRules } from '@samlbridge/web';

type ThrottleRule = ReturnType<typeof loginThrottleRules>['account'];

import type { SecretBox } from '../provisioning/secret-box.js';
import type { EventService } from '../services/events.js';
import type { MfaFactor, MfaFactorKind, MfaOwner, MfaSettings } from '../store/mfa-types.js';
import type { Store } from '../store/types.js';
import { hashRecoveryCode, looksLikeRecoveryCode, newRecoveryCodes } from './recovery-codes.js';
import { matchingStep, newTotpSecret, qrSvg, totpUri } from './totp.js';

/**
 * How a sign-in step was done (RFC 8176 AMR values): `pwd` password, `otp` TOTP code, `rec` recovery code, `hwk`
 * a passkey (proof of possession of a key held by an authenticator, with user verification: mfa/passkeys.ts).
 */
export type AuthnMethod = 'pwd' | 'otp' | 'rec' | 'hwk';
export const SECOND_FACTOR_METHODS: readonly AuthnMethod[] = ['otp', 'rec', 'hwk'];

/** Who is verifying: named in the events. */
export interface MfaActor {
  owner: MfaOwner;
  /** Username (users) or email (admins). */
  name: string;
  userId: string | null;
  ip: string;
}

export type VerifyResult =
  | { ok: true; method: AuthnMethod; factor?: MfaFactor; recoveryCodesLeft?: number }
  | { ok: false; reason: 'invalid_code' | 'code_already_used' | 'mfa_locked'; message: string; retryAfterSeconds?: number };

export interface TotpEnrolment {
  factorId: string;
  secret: string;
  uri: string;
  svg: string;
}

export interface MfaRequirement {
  required: boolean;
  /** Which rules require it: `user`, `group:<id>`, `application:<id>`, `admins`. */
  sources: string[];
}

export interface MfaState {
  required: boolean;
  factors: { kind: MfaFactorKind; count: number }[];
  recoveryCodes: number;
}

export interface MfaServiceOptions {
  store: Store;
  box: SecretBox;
  clock: Clock;
  events: EventService;
  /** The `issuer` of otpauth URIs (shown by authenticator apps). */
  issuer: string;
  account?: ThrottleRule;
  ip?: ThrottleRule;
}

export type MfaService = ReturnType<typeof createMfaService>;

export const userOwner = (userId: string): MfaOwner => `user:${userId}`;
export const adminOwner = (adminId: string): MfaOwner => `admin:${adminId}`;

export function createMfaService({ store, box, clock, events, issuer, account, ip }: MfaServiceOptions) {
  const throttle: LoginThrottle = createLoginThrottle({ store: store.loginThrottle, clock, account, ip });

  const record = (
    type: 'mfa_enrol' | 'mfa_remove' | 'mfa_reset' | 'mfa_verify' | 'mfa_lockout',
    a: MfaActor | { name: string; userId: string | null; initiator?: string },
    success: boolean,
    reason: string | null,
    detail: Record<string, unknown>,
  ) =>
    events.record({
      type,
      initiator: ('initiator' in a && a.initiator) || a.name,
      userId: a.userId,
      username: a.userId ? a.name : null,
      resource: 'owner' in a ? a.owner : null,
      success,
      reason,
      detail,
    });

  async function confirmedFactors(owner: MfaOwner): Promise<MfaFactor[]> {
    return (await store.mfa.listFactors(owner)).filter((f) => f.confirmedAt !== null);
  }

  /** Reserves one attempt (account `mfa:<owner>` and the IP) before any code is checked: a burst cannot outrun it. */
  async function reserve(actor: MfaActor) {
    try {
      return await throttle.reserve(`mfa:${actor.owner}`, actor.ip);
    } catch (err) {
      if (!(err instanceof SamlbridgeError) || err.status !== 429) throw err;
      await record('mfa_lockout', actor, false, err.code, { ip: actor.ip });
      return { locked: err };
    }
  }

  async function checkTotp(factor: MfaFactor, code: string): Promise<'ok' | 'invalid' | 'replayed'> {
    if (factor.kind !== 'totp' || !factor.secretSealed) return 'invalid';
    const now = clock.now();
    const step = matchingStep(box.open(factor.secretSealed), code, now);
    if (step === undefined) return 'invalid';
    return (await store.mfa.useStep(factor.id, step, now)) ? 'ok' : 'replayed';
  }

  function refused(reason: 'invalid_code' | 'code_already_used'): VerifyResult {
    return {
      ok: false,
      reason,
      message:
        reason === 'code_already_used'
          ? 'This code was already used. Wait for your authenticator app to show the next one.'
          : 'The code is not valid. Enter the current 6-digit code from your authenticator app, or a recovery code.',
    };
  }

  async function verifyAgainst(actor: MfaActor, candidates: MfaFactor[], code: string, allowRecovery: boolean): Promise<VerifyResult> {
    const held = await reserve(actor);
    if ('locked' in held) {
      const retry = (held.locked.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
      return {
        ok: false,
        reason: 'mfa_locked',
        message: 'Too many wrong codes for this account. Try again later or ask your administrator.',
        retryAfterSeconds: retry,
      };
    }
    const now = clock.now();
    if (allowRecovery && looksLikeRecoveryCode(code)) {
      if (await store.mfa.useRecoveryCode(actor.owner, hashRecoveryCode(code), now)) {
        await held.succeeded();
        const left = await store.mfa.countUnusedRecoveryCodes(actor.owner);
        await record('mfa_verify', actor, true, null, { factor: 'recovery_code', recoveryCodesLeft: left, ip: actor.ip });
        return { ok: true, method: 'rec', recoveryCodesLeft: left };
      }
      await record('mfa_verify', actor, false, 'invalid_code', { factor: 'recovery_code', ip: actor.ip });
      return refused('invalid_code');
    }
    let replayed: MfaFactor | undefined;
    for (const factor of candidates) {
      const outcome = await checkTotp(factor, code);
      if (outcome === 'ok') {
        await held.succeeded();
        await record('mfa_verify', actor, true, null, { factor: factor.kind, factorId: factor.id, ip: actor.ip });
        return { ok: true, method: 'otp', factor };
      }
      if (outcome === 'replayed') replayed = factor;
    }
    const reason = replayed ? 'code_already_used' : 'invalid_code';
    await record('mfa_verify', actor, false, reason, { factor: 'totp', factorId: replayed?.id ?? null, ip: actor.ip });
    return refused(reason);
  }

  const service = {
    /** Confirmed factors of the owner (what the pages and the API list; never the sealed secret). */
    factors: confirmedFactors,

    async enrolled(owner: MfaOwner): Promise<boolean> {
      return (await confirmedFactors(owner)).length > 0;
    },

    /** Starts a TOTP enrolment: a pending factor (replacing an abandoned one) with a new sealed seed. */
    async beginTotp(owner: MfaOwner, accountLabel: string, name = 'Authenticator app'): Promise<TotpEnrolment> {
      await store.mfa.deletePendingFactors(owner);
      const secret = newTotpSecret();
      const factorId = randomUUID();
      await store.mfa.insertFactor({
        id: factorId,
        owner,
        kind: 'totp',
        name: name.slice(0, 100) || 'Authenticator app',
        secretSealed: box.seal(secret),
        data: null,
        lastUsedStep: null,
        confirmedAt: null,
        lastUsedAt: null,
        createdAt: clock.now(),
      });
      const uri = totpUri(secret, issuer, accountLabel);
      return { factorId, secret, uri, svg: await qrSvg(uri) };
    },

    /** The pending enrolment's QR code and secret again (the page is shown again after a wrong code). */
    async pendingTotp(owner: MfaOwner, factorId: string, accountLabel: string): Promise<TotpEnrolment | undefined> {
      const f = await store.mfa.getFactor(factorId);
      if (!f || f.owner !== owner || f.confirmedAt !== null || !f.secretSealed) return undefined;
      const secret = box.open(f.secretSealed);
      const uri = totpUri(secret, issuer, accountLabel);
      return { factorId, secret, uri, svg: await qrSvg(uri) };
    },

    /** Confirms a pending TOTP factor with its first valid code (throttled like any verification). */
    async confirmTotp(actor: MfaActor, factorId: string, code: string): Promise<VerifyResult> {
      const f = await store.mfa.getFactor(factorId);
      if (!f || f.owner !== actor.owner || f.confirmedAt !== null) return refused('invalid_code');
      const result = await verifyAgainst(actor, [f], code, false);
      if (result.ok) {
        await store.mfa.clearEnrolmentDeadline(actor.owner);
        await record('mfa_enrol', actor, true, null, { factor: f.kind, factorId: f.id, name: f.name });
      }
      return result;
    },

    /** A code from any confirmed factor, or a recovery code. */
    async verify(actor: MfaActor, code: string): Promise<VerifyResult> {
      return verifyAgainst(actor, await confirmedFactors(actor.owner), code.trim().slice(0, 64), true);
    },

    /** Ten new recovery codes, shown once; the old ones are void. */
    async regenerateRecoveryCodes(actor: Pick<MfaActor, 'owner' | 'name' | 'userId'>): Promise<string[]> {
      const codes = newRecoveryCodes();
      await store.mfa.replaceRecoveryCodes(actor.owner, codes.map(hashRecoveryCode), clock.now());
      await record('mfa_enrol', actor, true, null, { factor: 'recovery_codes', count: codes.length });
      return codes;
    },

    recoveryCodesLeft: (owner: MfaOwner) => store.mfa.countUnusedRecoveryCodes(owner),

    async removeFactor(actor: Pick<MfaActor, 'owner' | 'name' | 'userId'> & { initiator?: string }, factorId: string): Promise<boolean> {
      const f = await store.mfa.getFactor(factorId);
      if (!f || f.owner !== actor.owner) return false;
      const removed = await store.mfa.deleteFactor(actor.owner, factorId);
      if (removed) await record('mfa_remove', actor, true, null, { factor: f.kind, factorId, name: f.name });
      // Recovery codes belong to the factors: with the last factor gone they go too.
      if (removed && !(await service.enrolled(actor.owner))) await store.mfa.replaceRecoveryCodes(actor.owner, [], clock.now());
      return removed;
    },

    /** An admin's reset: every factor and recovery code of the owner is deleted. */
    async reset(actor: { owner: MfaOwner; name: string; userId: string | null; initiator: string }): Promise<number> {
      const n = await store.mfa.deleteAll(actor.owner);
      await store.mfa.clearEnrolmentDeadline(actor.owner);
      await record('mfa_reset', actor, true, null, { factorsRemoved: n });
      return n;
    },

    /** The strictest applicable rule wins: any rule requiring MFA (user, one of the user's groups, the application) requires it. */
    async requirementForUser(userId: string, applicationId?: string): Promise<MfaRequirement> {
      // One read for every sign-in (the SSO hot path): the user's, their groups' and the application's rules.
      const rules = await store.mfa.rulesFor(userId, applicationId);
      const of = (scope: string) => rules.filter((r) => r.scope === scope).map((r) => r.subjectId);
      const sources = [
        ...of('user').map(() => 'user'),
        ...of('group')
          .sort()
          .map((g) => `group:${g}`),
        ...of('application').map((a) => `application:${a}`),
      ];
      return { required: sources.length > 0, sources };
    },

    async requirementForAdmin(): Promise<MfaRequirement> {
      const { requireForAdmins } = await store.mfa.getSettings();
      return { required: requireForAdmins, sources: requireForAdmins ? ['admins'] : [] };
    },

    /**
     * A person who must use MFA and has no factor: may they still skip enrolment? The grace period starts the first
     * time they are asked (stored, so every instance agrees); 0 seconds (the default) never lets them skip.
     */
    async graceUntil(owner: MfaOwner): Promise<Date | undefined> {
      const { graceSeconds } = await store.mfa.getSettings();
      if (graceSeconds <= 0) return undefined;
      const now = clock.now();
      const deadline = await store.mfa.enrolmentDeadline(owner, new Date(now.getTime() + graceSeconds * 1000));
      return deadline > now ? deadline : undefined;
    },

    async state(userId: string): Promise<MfaState> {
      const owner = userOwner(userId);
      const factors = await confirmedFactors(owner);
      const counts = new Map<MfaFactorKind, number>();
      for (const f of factors) counts.set(f.kind, (counts.get(f.kind) ?? 0) + 1);
      return {
        required: await store.mfa.hasRule('user', userId),
        factors: [...counts].map(([kind, count]) => ({ kind, count })),
        recoveryCodes: await store.mfa.countUnusedRecoveryCodes(owner),
      };
    },

    setRule: (scope: 'user' | 'group' | 'application', subjectId: string, required: boolean) =>
      store.mfa.setRule(scope, subjectId, required, clock.now()),
    hasRule: (scope: 'user' | 'group' | 'application', subjectId: string) => store.mfa.hasRule(scope, subjectId),
    settings: () => store.mfa.getSettings(),
    putSettings: (s: MfaSettings) => store.mfa.putSettings(s, clock.now()),
  };
  return service;
}
