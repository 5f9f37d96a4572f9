// One error base class for the whole product (ARCHITECTURE.md §4): a short snake_case reason code,
// an HTTP status, and whether the message may be shown to the person who caused it.

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
