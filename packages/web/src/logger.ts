import { type DestinationStream, type Logger, pino } from 'pino';

/**
 * pino JSON logs with redaction: nothing secret (passwords, keys, tokens, cookies, SAML messages)
 * is ever written. Raw SAML messages go only to the opt-in trace logger (`trace` level + SAML_TRACE).
 */
export const REDACT_PATHS = [
  'password',
  '*.password',
  'apiKey',
  '*.apiKey',
  'token',
  '*.token',
  'SAMLResponse',
  '*.SAMLResponse',
  'SAMLRequest',
  '*.SAMLRequest',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
];

export function createLogger(name: string, level: string, destination?: DestinationStream): Logger {
  return pino({ name, level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, destination);
}

export type { Logger };
