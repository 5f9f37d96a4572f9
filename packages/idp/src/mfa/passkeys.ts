// Passkeys (WebAuthn Level 3) with @simplewebauthn/server: registration and authentication ceremonies of users and
// admins. The Relying Party is the IdP: RP ID = the host of IDP_BASE_URL, expected origin = its origin
// (webauthn-3 §5.1.4.1, §7.1 step 9, §7.2 step 13). User verification is required in both ceremonies (§7.1 step 15,
// §7.2 step 17). Each challenge is stored server-side, lives PASSKEY_CHALLENGE_SECONDS and is taken once (§13.4.3).
// Credentials are `webauthn` rows of mfa_factors: only public data (credential ID, COSE public key, signature
// counter, backup flags), never a secret.
import { randomUUID } from 'node:crypto';
import type { Clock } from '@samlbridge/web';
import {
  type AuthenticationResponseJSON,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import type { EventService } from '../services/events.js';
import type { MfaFactor, MfaOwner } from '../store/mfa-types.js';
import type { PasskeyChallengePurpose } from '../store/passkey-types.js';
import type { Store } from '../store/types.js';

/** How long a ceremony may take, from the options to the response (webauthn-3 §15.1 recommends 300 s at most). */
export const PASSKEY_CHALLENGE_SECONDS = 300;

/** The public data of a `webauthn` factor (mfa_factors.data). */
export interface PasskeyData {
  credentialId: string;
  /** COSE_Key, base64url. */
  publicKey: string;
  counter: number;
  transports: string[];
  /** `singleDevice` or `multiDevice` (a synced passkey), and whether it is backed up (BE/BS flags, §6.1). */
  deviceType: string;
  backedUp: boolean;
  aaguid: string;
}

export interface PasskeyWho {
  name: string;
  userId: string | null;
}

export type PasskeyResult =
  | { ok: true; owner: MfaOwner; factor: MfaFactor }
  | { ok: false; reason: 'passkey_invalid' | 'passkey_unknown'; message: string };

export interface PasskeyServiceOptions {
  store: Store;
  clock: Clock;
  events: EventService;
  /** IDP_BASE_URL: its host is the RP ID, its origin the only accepted origin. */
  baseUrl: string;
  rpName: string;
  /** Who an owner is, for the events (username or admin email). */
  who: (owner: MfaOwner) => Promise<PasskeyWho | undefined>;
}

export type PasskeyService = ReturnType<typeof createPasskeyService>;

/** The user handle of a credential (§5.4.3): the owner reference (`user:<uuid>`), random and without personal data. */
const userHandleOf = (owner: MfaOwner) => new TextEncoder().encode(owner);

function ownerOfHandle(handle: string | undefined): MfaOwner | undefined {
  if (!handle) return undefined;
  const text = Buffer.from(handle, 'base64url').toString('utf8');
  return /^user:[0-9a-zA-Z-]{1,64}$/.test(text) ? (text as MfaOwner) : undefined;
}

const passkeyData = (f: MfaFactor): PasskeyData | undefined =>
  f.kind === 'webauthn' && f.data && typeof f.data.credentialId === 'string' ? (f.data as unknown as PasskeyData) : undefined;

/** Parses the browser's JSON (PublicKeyCredential.toJSON()); undefined when it is not an object with an id. */
function parseCredential<T extends { id: string }>(json: string): T | undefined {
  try {
    const v = JSON.parse(json) as unknown;
    return v && typeof v === 'object' && typeof (v as { id?: unknown }).id === 'string' ? (v as T) : undefined;
  } catch {
    return undefined;
  }
}

const INVALID = 'The passkey could not be verified. Try again; if it keeps failing, use another factor or ask your administrator.';

export function createPasskeyService({ store, clock, events, baseUrl, rpName, who }: PasskeyServiceOptions) {
  const url = new URL(baseUrl);
  const rpID = url.hostname;
  const expectedOrigin = url.origin;

  async function passkeysOf(owner: MfaOwner): Promise<{ factor: MfaFactor; data: PasskeyData }[]> {
    const factors = await store.mfa.listFactors(owner);
    return factors.flatMap((factor) => {
      const data = factor.confirmedAt ? passkeyData(factor) : undefined;
      return data ? [{ factor, data }] : [];
    });
  }

  async function remember(challenge: string, purpose: PasskeyChallengePurpose, owner: MfaOwner | null) {
    const now = clock.now();
    await store.passkeys.insertChallenge(
      { challenge, purpose, owner, expiresAt: new Date(now.getTime() + PASSKEY_CHALLENGE_SECONDS * 1000) },
      now,
    );
  }

  /** The challenge in clientDataJSON must be one this IdP issued for this ceremony and owner: taken once. */
  const takeChallenge = (purpose: PasskeyChallengePurpose, owner: MfaOwner | null) => (challenge: string) =>
    store.passkeys.consumeChallenge(challenge, purpose, owner, clock.now());

  async function record(
    type: 'mfa_enrol' | 'mfa_verify',
    owner: MfaOwner | null,
    success: boolean,
    reason: string | null,
    detail: Record<string, unknown>,
  ) {
    const w = owner ? await who(owner) : undefined;
    await events.record({
      type,
      initiator: w?.name ?? 'anonymous',
      userId: w?.userId ?? null,
      username: w?.userId ? w.name : null,
      resource: owner,
      success,
      reason,
      detail: { factor: 'webauthn', ...detail },
    });
  }

  const refused = (reason: 'passkey_invalid' | 'passkey_unknown', message = INVALID): PasskeyResult => ({ ok: false, reason, message });
  /** The browser posted no credential (no JavaScript, no WebAuthn): recorded, and refused with what to use instead. */
  const noCredential = async (type: 'mfa_enrol' | 'mfa_verify', owner: MfaOwner | null, ip: string) => {
    await record(type, owner, false, 'passkey_invalid', { ip });
    return refused('passkey_invalid', 'Your browser did not send a passkey. Passkeys need JavaScript and a browser that supports them.');
  };

  return {
    rpID,
    expectedOrigin,
    passkeysOf,

    /** Options of navigator.credentials.create(): a discoverable credential, user verification required. */
    async registrationOptions(owner: MfaOwner, userName: string, displayName: string): Promise<PublicKeyCredentialCreationOptionsJSON> {
      const existing = await passkeysOf(owner);
      const options = await generateRegistrationOptions({
        rpName,
        rpID,
        userName,
        userDisplayName: displayName,
        userID: userHandleOf(owner),
        attestationType: 'none',
        timeout: PASSKEY_CHALLENGE_SECONDS * 1000,
        excludeCredentials: existing.map(({ data }) => ({ id: data.credentialId, transports: data.transports })),
        authenticatorSelection: { residentKey: 'required', requireResidentKey: true, userVerification: 'required' },
      });
      await remember(options.challenge, 'register', owner);
      return options;
    },

    /** Verifies the new credential (§7.1) and stores it as a named, confirmed `webauthn` factor. */
    async register(owner: MfaOwner, credentialJson: string, name: string, ip: string): Promise<PasskeyResult> {
      const response = parseCredential<RegistrationResponseJSON>(credentialJson);
      if (!response) return noCredential('mfa_enrol', owner, ip);
      let info: Awaited<ReturnType<typeof verifyRegistrationResponse>>['registrationInfo'];
      try {
        const result = await verifyRegistrationResponse({
          response,
          expectedChallenge: takeChallenge('register', owner),
          expectedOrigin,
          expectedRPID: rpID,
          requireUserVerification: true,
        });
        info = result.verified ? result.registrationInfo : undefined;
      } catch (err) {
        await record('mfa_enrol', owner, false, 'passkey_invalid', { ip, error: (err as Error).message.slice(0, 200) });
        return refused('passkey_invalid');
      }
      if (!info) {
        await record('mfa_enrol', owner, false, 'passkey_invalid', { ip });
        return refused('passkey_invalid');
      }
      const now = clock.now();
      const data: PasskeyData = {
        credentialId: info.credential.id,
        publicKey: Buffer.from(info.credential.publicKey).toString('base64url'),
        counter: info.credential.counter,
        transports: response.response.transports ?? [],
        deviceType: info.credentialDeviceType,
        backedUp: info.credentialBackedUp,
        aaguid: info.aaguid,
      };
      const factor: MfaFactor = {
        id: randomUUID(),
        owner,
        kind: 'webauthn',
        name: name.trim().slice(0, 100) || 'Passkey',
        secretSealed: null,
        data: data as unknown as Record<string, unknown>,
        lastUsedStep: null,
        confirmedAt: now,
        lastUsedAt: null,
        createdAt: now,
      };
      await store.mfa.insertFactor(factor);
      await store.mfa.clearEnrolmentDeadline(owner);
      await record('mfa_enrol', owner, true, null, { factorId: factor.id, name: factor.name, ip });
      return { ok: true, owner, factor };
    },

    /**
     * Options of navigator.credentials.get(): the owner's credentials (a second factor, a step-up), or none at all
     * for a usernameless sign-in (owner null: the authenticator offers its discoverable credentials, §5.1.4.1).
     */
    async authenticationOptions(owner: MfaOwner | null): Promise<PublicKeyCredentialRequestOptionsJSON> {
      const allow = owner ? await passkeysOf(owner) : [];
      const options = await generateAuthenticationOptions({
        rpID,
        timeout: PASSKEY_CHALLENGE_SECONDS * 1000,
        userVerification: 'required',
        allowCredentials: allow.map(({ data }) => ({ id: data.credentialId, transports: data.transports })),
      });
      await remember(options.challenge, owner ? 'authenticate' : 'usernameless', owner);
      return options;
    },

    /** Verifies an assertion (§7.2) of the owner's passkey, or (owner null) of whoever the user handle names. */
    async authenticate(owner: MfaOwner | null, credentialJson: string, ip: string): Promise<PasskeyResult> {
      const response = parseCredential<AuthenticationResponseJSON>(credentialJson);
      if (!response) return noCredential('mfa_verify', owner, ip);
      // §7.2 step 6: the credential must belong to the person; usernameless, the user handle says who that is.
      const claimed = owner ?? ownerOfHandle(response.response?.userHandle);
      const match = claimed && (await passkeysOf(claimed)).find(({ data }) => data.credentialId === response.id);
      if (!claimed || !match) {
        await record('mfa_verify', claimed ?? null, false, 'passkey_unknown', { credentialId: response.id.slice(0, 200), ip });
        return refused('passkey_unknown', 'This passkey is not registered here (it may have been removed). Use another passkey or factor.');
      }
      const { factor, data } = match;
      let verified: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
      try {
        verified = await verifyAuthenticationResponse({
          response,
          expectedChallenge: takeChallenge(owner ? 'authenticate' : 'usernameless', owner),
          expectedOrigin,
          expectedRPID: rpID,
          credential: {
            id: data.credentialId,
            publicKey: new Uint8Array(Buffer.from(data.publicKey, 'base64url')),
            counter: data.counter,
            transports: data.transports,
          },
          requireUserVerification: true,
        });
      } catch (err) {
        await record('mfa_verify', claimed, false, 'passkey_invalid', {
          factorId: factor.id,
          ip,
          error: (err as Error).message.slice(0, 200),
        });
        return refused('passkey_invalid');
      }
      if (!verified.verified) {
        await record('mfa_verify', claimed, false, 'passkey_invalid', { factorId: factor.id, ip });
        return refused('passkey_invalid');
      }
      const next: PasskeyData = {
        ...data,
        counter: verified.authenticationInfo.newCounter,
        backedUp: verified.authenticationInfo.credentialBackedUp,
        deviceType: verified.authenticationInfo.credentialDeviceType,
      };
      await store.passkeys.recordUse(factor.id, next as unknown as Record<string, unknown>, clock.now());
      await record('mfa_verify', claimed, true, null, { factorId: factor.id, usernameless: owner === null, ip });
      return { ok: true, owner: claimed, factor };
    },

    settings: () => store.passkeys.getSettings(),
    putSettings: (allowPasskeyOnly: boolean) => store.passkeys.putSettings({ allowPasskeyOnly }, clock.now()),
  };
}
