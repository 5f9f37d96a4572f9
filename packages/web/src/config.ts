import { SamlbridgeError } from '@samlbridge/errors';
import { WEB_ERRORS, type WebErrorCode } from './web-errors.js';
/** One setting: where it comes from, its default, how it is parsed, what it means (for the README table). */
export interface Setting<T> {
  env: string;
  default: T | undefined;
  parse: (raw: string) => T;
  doc: string;
  /** Never printed (passwords, keys). */
  secret?: boolean;
}

export type Spec = Record<string, Setting<unknown>>;
export type ConfigOf<S extends Spec> = { [K in keyof S]: S[K] extends Setting<infer T> ? T : never };

/** Every problem is listed at once, so a person fixes the environment in one go. */
export class ConfigError extends SamlbridgeError {
  constructor(readonly problems: string[]) {
    super('invalid_config' satisfies WebErrorCode, `Invalid configuration:\n  - ${problems.join('\n  - ')}`, {
      status: WEB_ERRORS.invalid_config.status,
      expose: false,
    });
  }
}

/**
 * Reads settings from `env` (defaults applied), then overrides from `overrides` (tests, embedding).
 * Throws ConfigError listing every invalid or missing value.
 */
export function loadConfig<S extends Spec>(spec: S, env: NodeJS.ProcessEnv, overrides: Partial<ConfigOf<S>> = {}): ConfigOf<S> {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, setting] of Object.entries(spec)) {
    if (key in overrides && (overrides as Record<string, unknown>)[key] !== undefined) {
      out[key] = (overrides as Record<string, unknown>)[key];
      continue;
    }
    const raw = env[setting.env];
    if (raw === undefined || raw === '') {
      if (setting.default === undefined) problems.push(`${setting.env} is required: ${setting.doc}`);
      out[key] = setting.default;
      continue;
    }
    try {
      out[key] = setting.parse(raw);
    } catch (err) {
      problems.push(`${setting.env}: ${(err as Error).message}`);
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return out as ConfigOf<S>;
}

export const parsers = {
  string: (raw: string) => raw,
  port: (raw: string) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`"${raw}" is not a TCP port (0-65535)`);
    return n;
  },
  positiveInt: (raw: string) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`"${raw}" is not a positive whole number`);
    return n;
  },
  nonNegativeInt: (raw: string) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) throw new Error(`"${raw}" is not a whole number ≥ 0`);
    return n;
  },
  boolean: (raw: string) => {
    if (/^(1|true|yes|on)$/i.test(raw)) return true;
    if (/^(0|false|no|off)$/i.test(raw)) return false;
    throw new Error(`"${raw}" is not a boolean (true/false)`);
  },
  httpUrl: (raw: string) => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new Error(`"${raw}" is not a URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`"${raw}" must be an http(s) URL`);
    return raw.replace(/\/+$/, '');
  },
  logLevel: (raw: string) => {
    if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(raw)) throw new Error(`"${raw}" is not a log level`);
    return raw;
  },
};

/** Markdown table of a spec, for the README. */
export function describeConfig(spec: Spec): string {
  const rows = Object.values(spec).map(
    (s) => `| \`${s.env}\` | ${s.default === undefined ? '(required)' : `\`${String(s.default)}\``} | ${s.doc} |`,
  );
  return ['| variable | default | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

/** `<PREFIX>_SAML_TRACE`: log raw SAML messages at trace level; off unless set (they carry personal data). */
export function samlTraceSetting(prefix: 'IDP' | 'SP', doc: string): Setting<boolean> {
  return { env: `${prefix}_SAML_TRACE`, default: false, parse: parsers.boolean, doc };
}
