// Each surface has a typed list of its error codes: code → HTTP status + default message, written by status
// (errorCodes) with one `code: 'message'` line a code, as the SP's sign-in reasons are. A factory made from a list
// takes only that list's codes, so a typo does not compile.
import { SamlbridgeError, type SamlbridgeErrorOptions } from './samlbridge-error.js';

export interface ErrorCodeSpec {
  readonly status: number;
  /** Shown when the thrower gives no more specific message. */
  readonly message: string;
}

export type ErrorCodeList = Readonly<Record<string, ErrorCodeSpec>>;

/** A surface's codes as written: by HTTP status, one `code: 'default message'` line each. */
export type ErrorCodesByStatus = Readonly<Record<number, Readonly<Record<string, string>>>>;

type CodeOf<G extends ErrorCodesByStatus> = { [S in keyof G]: keyof G[S] & string }[keyof G];

/**
 * The flat list of a surface written by HTTP status, e.g.
 * `errorCodes({ 403: { access_denied: 'You are not assigned to this application.' } })`
 * → `{ access_denied: { status: 403, message: 'You are not assigned to this application.' } }`.
 * A code listed under two statuses is a programming error and throws when the module loads.
 */
export function errorCodes<const G extends ErrorCodesByStatus>(byStatus: G): { readonly [C in CodeOf<G>]: ErrorCodeSpec } {
  const list: Record<string, ErrorCodeSpec> = {};
  for (const [status, codes] of Object.entries(byStatus)) {
    for (const [code, message] of Object.entries(codes)) {
      if (Object.hasOwn(list, code)) throw new Error(`The error code ${code} is listed under two HTTP statuses.`);
      list[code] = { status: Number(status), message };
    }
  }
  return list as { readonly [C in CodeOf<G>]: ErrorCodeSpec };
}

export type ErrorFactory<C extends string> = (
  code: C,
  message?: string,
  options?: Omit<SamlbridgeErrorOptions, 'status'>,
) => SamlbridgeError;

/** A factory of SamlbridgeErrors for one list: status from the list, message from the list unless given. */
export function errorFactory<const L extends ErrorCodeList>(list: L): ErrorFactory<keyof L & string> {
  return (code, message, options = {}) => {
    const spec = list[code] as ErrorCodeSpec;
    return new SamlbridgeError(code, message ?? spec.message, { ...options, status: spec.status });
  };
}

/** A test for one list's codes: `(err, code)` is true when `err` is a SamlbridgeError carrying `code`. */
export function errorCodeTest<const L extends ErrorCodeList>(_list: L): (err: unknown, code: keyof L & string) => err is SamlbridgeError {
  return (err, code): err is SamlbridgeError => err instanceof SamlbridgeError && err.code === code;
}
