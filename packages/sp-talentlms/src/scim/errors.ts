// SCIM errors (RFC 7644 §3.12): one error class, one renderer for the whole /api/scim2 surface.
import { SamlbridgeError } from '@samlbridge/errors';
import { SCIM_MEDIA_TYPE, SCIM_SCHEMAS, type ScimType } from '@samlbridge/protocol';
import { type ErrorRenderer, isWebError } from '@samlbridge/web';
import { UniqueViolation } from '../store/types.js';

export const SCIM_ERROR_SCHEMA = SCIM_SCHEMAS.error;
export const SCIM_CONTENT_TYPE = `${SCIM_MEDIA_TYPE}; charset=utf-8`;

export type { ScimType };

export class ScimError extends SamlbridgeError {
  constructor(
    status: number,
    readonly scimType: ScimType | undefined,
    detail: string,
  ) {
    super(scimType ?? `scim_${status}`, detail, { status });
  }
}

export const scimBad = (scimType: ScimType, detail: string) => new ScimError(400, scimType, detail);
export const scimNotFound = (what: string) => new ScimError(404, undefined, `${what} not found`);

/** Renders any error as a SCIM Error body; `status` is a string (RFC 7644 §3.12). */
export const renderScimError: ErrorRenderer = (ctx, err) => {
  let scimType: ScimType | undefined;
  let detail = err.expose ? err.message : 'Internal server error';
  if (err instanceof ScimError) scimType = err.scimType;
  else if (err instanceof UniqueViolation) scimType = 'uniqueness';
  else if (isWebError(err, 'bad_request') && err.status === 400) {
    scimType = 'invalidSyntax';
    detail = 'The request body is not valid JSON';
  } else if (err.status === 413) detail = 'The request body is too large';
  ctx.status = err.status;
  ctx.type = SCIM_CONTENT_TYPE;
  ctx.body = { schemas: [SCIM_ERROR_SCHEMA], status: String(err.status), ...(scimType ? { scimType } : {}), detail };
};
