// The TalentLMS-like SP's SSO settings form (Users → SSO) as a browser posts it, for the tests that save settings
// through the page: the IdP fields given, the attribute names of the integration article, unsolicited Responses on.

/** The IdP fields of the form: a saved settings object fits as it is. */
export interface SpSsoIdpFields {
  idpEntityId: string;
  /** One a line, as the form's textarea holds them. */
  certificateFingerprints: string | readonly string[];
  /** Left out of the form when undefined. */
  certificatePem?: string | undefined;
  remoteSignInUrl: string;
  remoteSignOutUrl: string;
}

/** The form's fields for `idp`, with `extra` (the CSRF token, the button, a changed field) on top. */
export function spSsoSettingsForm(idp: SpSsoIdpFields, extra: Record<string, string> = {}): Record<string, string> {
  const fingerprints = idp.certificateFingerprints;
  return {
    idpEntityId: idp.idpEntityId,
    certificateFingerprints: typeof fingerprints === 'string' ? fingerprints : fingerprints.join('\n'),
    ...(idp.certificatePem === undefined ? {} : { certificatePem: idp.certificatePem }),
    remoteSignInUrl: idp.remoteSignInUrl,
    remoteSignOutUrl: idp.remoteSignOutUrl,
    attr_targetedId: 'Username',
    attr_firstName: 'FirstName',
    attr_lastName: 'LastName',
    attr_email: 'Email',
    allowUnsolicited: 'on',
    ...extra,
  };
}
