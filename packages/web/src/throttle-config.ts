// The six login-throttle settings both apps read (IDP_LOGIN_* / SP_LOGIN_*), and the rules they make.
import { parsers, type Setting } from './config.js';
import { DEFAULT_ACCOUNT_RULE, DEFAULT_IP_RULE, type ThrottleRule } from './throttle.js';

export interface LoginThrottleConfig {
  loginMaxFailuresPerAccount: number;
  loginAccountWindowSeconds: number;
  loginAccountLockSeconds: number;
  loginMaxFailuresPerIp: number;
  loginIpWindowSeconds: number;
  loginIpLockSeconds: number;
}

const DAY = 86_400;

/** A positive whole number up to `limit`, so a typo cannot lock people out for months. */
function bounded(limit: number, unit: string) {
  return (raw: string) => {
    const n = parsers.positiveInt(raw);
    if (n > limit) throw new Error(`"${raw}" is more than ${limit} ${unit}`);
    return n;
  };
}

/** The settings, prefixed `IDP` or `SP`, for an app's config spec. */
export function loginThrottleSettings(prefix: 'IDP' | 'SP'): { [K in keyof LoginThrottleConfig]: Setting<number> } {
  const who = prefix === 'IDP' ? 'IdP' : 'SP';
  return {
    loginMaxFailuresPerAccount: {
      env: `${prefix}_LOGIN_MAX_FAILURES_PER_ACCOUNT`,
      default: DEFAULT_ACCOUNT_RULE.max,
      parse: bounded(1000, 'attempts'),
      doc: `Password checks per account per window on the ${who}'s sign-in forms (each attempt is counted before its password is checked; a right password gives its own back); reaching it locks the account (429 \`account_locked\`)`,
    },
    loginAccountWindowSeconds: {
      env: `${prefix}_LOGIN_ACCOUNT_WINDOW_SECONDS`,
      default: DEFAULT_ACCOUNT_RULE.windowSeconds,
      parse: bounded(DAY, 'seconds (one day)'),
      doc: 'Window in which an account’s attempts are counted',
    },
    loginAccountLockSeconds: {
      env: `${prefix}_LOGIN_ACCOUNT_LOCK_SECONDS`,
      default: DEFAULT_ACCOUNT_RULE.lockSeconds,
      parse: bounded(DAY, 'seconds (one day)'),
      doc: 'How long a locked account stays locked',
    },
    loginMaxFailuresPerIp: {
      env: `${prefix}_LOGIN_MAX_FAILURES_PER_IP`,
      default: DEFAULT_IP_RULE.max,
      parse: bounded(1_000_000, 'attempts'),
      doc: 'Password checks per client IP per window, all accounts together (counted the same way); reaching it answers 429 `too_many_attempts` to that IP',
    },
    loginIpWindowSeconds: {
      env: `${prefix}_LOGIN_IP_WINDOW_SECONDS`,
      default: DEFAULT_IP_RULE.windowSeconds,
      parse: bounded(DAY, 'seconds (one day)'),
      doc: 'Window in which an IP’s attempts are counted',
    },
    loginIpLockSeconds: {
      env: `${prefix}_LOGIN_IP_LOCK_SECONDS`,
      default: DEFAULT_IP_RULE.lockSeconds,
      parse: bounded(DAY, 'seconds (one day)'),
      doc: 'How long a throttled IP stays refused',
    },
  };
}

/** The account and IP rules a loaded config names. */
export function loginThrottleRules(config: LoginThrottleConfig): { account: ThrottleRule; ip: ThrottleRule } {
  return {
    account: {
      max: config.loginMaxFailuresPerAccount,
      windowSeconds: config.loginAccountWindowSeconds,
      lockSeconds: config.loginAccountLockSeconds,
    },
    ip: { max: config.loginMaxFailuresPerIp, windowSeconds: config.loginIpWindowSeconds, lockSeconds: config.loginIpLockSeconds },
  };
}
