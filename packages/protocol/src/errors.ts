// SAML protocol errors on top of the product's one error base class (@samlbridge/errors).
import { type ErrorCodeList, type ErrorCodeSpec, SamlbridgeError, type SamlbridgeErrorOptions } from '@samlbridge/errors';
import type { SamlStatus } from './types.js';

export { SamlbridgeError };

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

export type SamlErrorFactory<C extends string> = (code: C, message?: string, options?: Omit<SamlErrorOptions, 'status'>) => SamlError;

/** A factory of SamlErrors for one typed code list (@samlbridge/errors): status from the list, message unless given. */
export function samlErrorFactory<const L extends ErrorCodeList>(list: L): SamlErrorFactory<keyof L & string> {
  return (code, message, options = {}) => {
    const spec = list[code] as ErrorCodeSpec;
    return new SamlError(code, message ?? spec.message, { ...options, status: spec.status });
  };
}
