// What an admin can do about a failed TLS handshake with an application, by Node's error code
// (OpenSSL verify results, RFC 5280 path validation; RFC 6125 host name check).

const SELF_SIGNED = ['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN'];
const UNKNOWN_ISSUER = ['UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'];

export function tlsAdvice(code: string | undefined): string {
  if (code && SELF_SIGNED.includes(code))
    return 'The certificate is self-signed, so the IdP cannot trust it: give the application a certificate from a public certificate authority, or start the IdP with NODE_EXTRA_CA_CERTS pointing to your own CA certificate.';
  if (code && UNKNOWN_ISSUER.includes(code))
    return 'The certificate was issued by an authority the IdP does not know: make the application send its full certificate chain, or start the IdP with NODE_EXTRA_CA_CERTS pointing to that CA certificate.';
  if (code === 'CERT_HAS_EXPIRED') return 'The certificate has expired: renew it on the application’s host.';
  if (code === 'CERT_NOT_YET_VALID') return 'The certificate is not valid yet: check the clocks of both hosts.';
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID')
    return 'The certificate does not name this host: use the host name the certificate was issued for in the Base URL.';
  return "Check that the Base URL's host has a valid certificate.";
}
