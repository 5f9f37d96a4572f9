// Each surface has a typed list of its error codes: code → HTTP status + default message (as the SP's
// sign-in reasons are). A factory made from a list takes only that list's codes, so a typo does not compile.
import { SamlbridgeError, type SamlbridgeErrorOptions } from './samlbridge-error.js';

export interface ErrorCodeSpec {
  readonly status: number;
  /** Shown when the thrower gives no more specific message. */
  readonly message: string;
}

export type ErrorCodeList = Readonly<Record<string, ErrorCodeSpec>>;

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
