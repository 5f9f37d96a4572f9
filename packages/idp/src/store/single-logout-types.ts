// Single Logout records (saml-profiles §4.4): who took part in an IdP session, which sessions were ended, the
// per-application SLO endpoints, and the logout chains in progress. All in the store so any instance serves any step.
import type { LogoutBinding, LogoutNameId } from '@samlbridge/protocol';

/** One application that received an assertion in one IdP session: the NameID and SessionIndex exactly as sent. */
export interface SessionParticipant {
  /** The IdP session's SessionIndex (saml-core §2.7.2), which identifies the IdP session. */
  sessionIndex: string;
  userId: string;
  applicationId: string;
  nameId: LogoutNameId;
  createdAt: Date;
  expiresAt: Date;
}

/** Per application: where its SP receives LogoutRequests and LogoutResponses (saml-metadata §2.2.2 SingleLogoutService). */
export interface SingleLogoutSettings {
  sloUrl: string;
  /** Empty: LogoutResponses go to sloUrl too (saml-metadata §2.2.2 ResponseLocation). */
  sloResponseUrl: string;
  binding: LogoutBinding;
}

export type ParticipantOutcome = 'pending' | 'sent' | 'confirmed' | 'failed' | 'timeout' | 'unreachable' | 'no_slo' | 'initiator';

export interface LogoutParticipantState {
  applicationId: string;
  application: string;
  label: string;
  outcome: ParticipantOutcome;
  requestId?: string;
  sentAt?: string;
}

/** A logout in progress (front-channel, one participant at a time). */
export interface LogoutFlow {
  id: string;
  userId: string;
  username: string;
  sessionIndex: string;
  /** The SP whose LogoutRequest started the chain; absent when the person signed out at the user console. */
  initiator?: { applicationId: string; requestId: string; relayState?: string; binding: LogoutBinding };
  participants: LogoutParticipantState[];
  /** The LogoutRequest ID now awaiting a LogoutResponse (looked up by InResponseTo on any instance). */
  currentRequestId: string | null;
  createdAt: Date;
  expiresAt: Date;
}

export interface SingleLogoutRepository {
  recordParticipant(p: SessionParticipant): Promise<void>;
  /** Several in one statement (group-commit.ts); of two for one session and application, the later one is kept. */
  recordParticipants(participants: readonly SessionParticipant[]): Promise<void>;
  participantsOfSession(sessionIndex: string): Promise<SessionParticipant[]>;
  participantsOfUser(userId: string, now: Date): Promise<SessionParticipant[]>;
  /** Marks one IdP session ended (any instance then refuses it). */
  endSession(sessionIndex: string, userId: string, now: Date, expiresAt: Date): Promise<void>;
  /** Ends every session of the user signed in at or before `now`. */
  endSessionsOfUser(userId: string, now: Date): Promise<void>;
  /** Whether the session (by SessionIndex, or by the user's cut-off) has been ended. */
  isEnded(sessionIndex: string, userId: string, authnInstant: Date): Promise<boolean>;
  getSettings(applicationId: string): Promise<SingleLogoutSettings | undefined>;
  putSettings(applicationId: string, settings: SingleLogoutSettings, now: Date): Promise<void>;
  insertFlow(flow: LogoutFlow): Promise<void>;
  updateFlow(flow: LogoutFlow): Promise<void>;
  getFlow(id: string, now: Date): Promise<LogoutFlow | undefined>;
  findFlowByRequestId(requestId: string, now: Date): Promise<LogoutFlow | undefined>;
  deleteExpired(now: Date): Promise<number>;
}
