// Directory Insights events of second factors (ARCHITECTURE.md §4): added to EventType in domain.ts.
export const MFA_EVENT_TYPES = ['mfa_enrol', 'mfa_remove', 'mfa_reset', 'mfa_verify', 'mfa_lockout'] as const;

export type MfaEventType = (typeof MFA_EVENT_TYPES)[number];
