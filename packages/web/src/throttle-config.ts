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

/** The account rule and the IP rule: the same three settings each, named after the rule. */
type RuleName = 'Account' | 'Ip';
type RuleSettings<N extends RuleName> = {
  [K in `loginMaxFailuresPer${N}` | `login${N}WindowSeconds` | `login${N}LockSeconds`]: Setting<number>;
};

/** A rule's attempt limit (at most `maxAttempts`), its window and its lock time (at most a day each). */
function ruleSettings<N extends RuleName>(
  prefix: 'IDP' | 'SP',
  name: N,
  defaults: ThrottleRule,
  maxAttempts: number,
  doc: { max: string; window: string; lock: string },
): RuleSettings<N> {
  const env = (suffix: string) => `${prefix}_LOGIN_${suffix}`;
  const upper = name.toUpperCase();
  const seconds = (suffix: string, value: number, text: string): Setting<number> => ({
    env: env(`${upper}_${suffix}_SECONDS`),
    default: value,
    parse: bounded(DAY, 'seconds (one day)'),
    doc: text,
  });
  return {
    [`loginMaxFailuresPer${name}`]: {
      env: env(`MAX_FAILURES_PER_${upper}`),
      default: defaults.max,
      parse: bounded(maxAttempts, 'attempts'),
      doc: doc.max,
    },
    [`login${name}WindowSeconds`]: seconds('WINDOW', defaults.windowSeconds, doc.window),
    [`login${name}LockSeconds`]: seconds('LOCK', defaults.lockSeconds, doc.lock),
  } as RuleSettings<N>;
}

/** The settings, prefixed `IDP` or `SP`, for an app's config spec. */
export function loginThrottleSettings(prefix: 'IDP' | 'SP'): { [K in keyof LoginThrottleConfig]: Setting<number> } {
  const who = prefix === 'IDP' ? 'IdP' : 'SP';
  return {
    ...ruleSettings(prefix, 'Account', DEFAULT_ACCOUNT_RULE, 1000, {
      max: `Password checks per account per window on the ${who}'s sign-in forms (each attempt is counted before its password is checked; a right password gives its own back); reaching it locks the account (429 \`account_locked\`)`,
      window: 'Window in which an account’s attempts are counted',
      lock: 'How long a locked account stays locked',
    }),
    ...ruleSettings(prefix, 'Ip', DEFAULT_IP_RULE, 1_000_000, {
      max: 'Password checks per client IP per window, all accounts together (counted the same way); reaching it answers 429 `too_many_attempts` to that IP',
      window: 'Window in which an IP’s attempts are counted',
      lock: 'How long a throttled IP stays refused',
    }),
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
