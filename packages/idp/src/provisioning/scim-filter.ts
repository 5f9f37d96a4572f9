// RFC 7644 §3.4.2.2 filters the IdP sends. A compValue string is a JSON string literal
// (RFC 7159 §7): quotes, backslashes and control characters escaped — JSON.stringify does exactly that.
const ATTR_PATH = /^[A-Za-z][\w-]*(\.[A-Za-z][\w-]*)?$/;

export function eqFilter(attribute: string, value: string): string {
  if (!ATTR_PATH.test(attribute)) throw new Error(`not a SCIM attribute path: ${attribute}`);
  return `${attribute} eq ${JSON.stringify(value)}`;
}
