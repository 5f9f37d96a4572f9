// One error base class for the whole product (ARCHITECTURE.md §4): a short snake_case reason code,
// an HTTP status, and whether the message may be shown to the person who caused it.
import type { SamlStatus } from './types.js';

export interface SamlbridgeErrorOptions {
  status?: number;
  expose?: boolean;
  details?: unknown;
  cause?: unknown;
}

export class SamlbridgeError extends Error {
  code: string;
  status: number;
  expose: boolean;
  details?: unknown;

  constructor(code: string, message: string, { status = 400, expose = true, details, cause }: SamlbridgeErrorOptions = {}) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = new.target.name;
    this.code = code;
    this.status = status;
    this.expose = expose;
    if (details !== undefined) this.details = details;
  }
}

export interface SamlErrorOptions extends SamlbridgeErrorOptions {
  /** Whether a SAML Response (carrying `samlStatus`) may be sent back to the requester. Default false. */
  canRespond?: boolean;
  samlStatus?: SamlStatus;
}

/** A SAML protocol error. `canRespond` is false when we cannot trust where a Response would go. */
export class SamlError extends SamlbridgeError {
  canRespond: boolean;
  samlStatus?: SamlStatus;

  constructor(code: string, message: string, { canRespond = false, samlStatus, ...rest }: SamlErrorOptions = {}) {
    super(code, message, rest);
    this.canRespond = canRespond;
    if (samlStatus !== undefined) this.samlStatus = samlStatus;
  }
}
