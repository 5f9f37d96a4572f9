// Directory Insights events of invitations (services/invitations.ts): added to EventType in domain.ts.
export const INVITATION_EVENT_TYPES = ['invitation_created', 'invitation_used'] as const;

export type InvitationEventType = (typeof INVITATION_EVENT_TYPES)[number];
