// The IdP's SingleLogoutService URL of an application (advertised in its metadata; the Destination its SPs' logout
// messages must carry).
export function idpSloUrl(app: { ssoUrl: string }): string {
  return `${app.ssoUrl}/slo`;
}
