// The sign-in throttle's documented defaults (README settings table: IDP_LOGIN_* and SP_LOGIN_*), the same for
// both apps: 5 failures per account and 50 per IP in 900 s, then a 900 s lock. The config tests expect them.
export const DOCUMENTED_LOGIN_THROTTLE_DEFAULTS = {
  loginMaxFailuresPerAccount: 5,
  loginAccountWindowSeconds: 900,
  loginAccountLockSeconds: 900,
  loginMaxFailuresPerIp: 50,
  loginIpWindowSeconds: 900,
  loginIpLockSeconds: 900,
} as const;
