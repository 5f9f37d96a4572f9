// Which class a session states for a RequestedAuthnContext (saml-core §3.3.2.2.1), for every comparison.
import type { RequestedAuthnContext } from '@samlbridge/protocol';
import { expect } from 'chai';
import { AC_PASSWORD, AC_REFEDS_MFA, decideContext, AC_PASSWORD_PROTECTED_TRANSPORT as PPT } from '../../../src/http/sso/authn-context.js';

const HTTPS = 'https://idp.test';
const password = { methods: [{ method: 'pwd' as const, at: new Date(0) }] };
const mfa = { methods: [...password.methods, { method: 'otp' as const, at: new Date(0) }] };
const req = (comparison: RequestedAuthnContext['comparison'], ...classRefs: string[]): RequestedAuthnContext => ({
  comparison,
  classRefs,
  declRefs: [],
});

describe('AuthnContext decision (saml-core §3.3.2.2.1)', () => {
  it('states the strongest true class when nothing is requested: Password on http, PPT on https, REFEDS MFA with a factor', () => {
    expect(decideContext('http://idp.test', password, undefined)).to.deep.equal({ kind: 'satisfied', classRef: AC_PASSWORD });
    expect(decideContext(HTTPS, password, undefined)).to.deep.equal({ kind: 'satisfied', classRef: PPT });
    expect(decideContext(HTTPS, mfa, undefined)).to.deep.equal({ kind: 'satisfied', classRef: AC_REFEDS_MFA });
  });

  it('exact: one of the listed classes the session achieves, else a step-up to MFA when listed, else nothing', () => {
    expect(decideContext(HTTPS, mfa, req('exact', PPT))).to.deep.equal({ kind: 'satisfied', classRef: PPT });
    expect(decideContext(HTTPS, password, req('exact', AC_REFEDS_MFA))).to.deep.equal({ kind: 'step_up' });
    expect(decideContext(HTTPS, password, req('exact', 'urn:oasis:names:tc:SAML:2.0:ac:classes:Kerberos'))).to.deep.equal({
      kind: 'unsatisfiable',
    });
  });

  it('minimum and better compare strength; maximum caps it', () => {
    expect(decideContext(HTTPS, password, req('minimum', AC_PASSWORD))).to.deep.equal({ kind: 'satisfied', classRef: PPT });
    expect(decideContext(HTTPS, password, req('minimum', AC_REFEDS_MFA))).to.deep.equal({ kind: 'step_up' });
    expect(decideContext(HTTPS, password, req('better', PPT))).to.deep.equal({ kind: 'step_up' });
    expect(decideContext(HTTPS, mfa, req('maximum', PPT))).to.deep.equal({ kind: 'satisfied', classRef: PPT });
    expect(decideContext(HTTPS, mfa, req('minimum', 'urn:unknown'))).to.deep.equal({ kind: 'unsatisfiable' });
  });

  it('a passkey-only session (no password, a passkey with user verification) states REFEDS MFA and never a password class', () => {
    const passkeyOnly = { methods: [{ method: 'hwk' as const, at: new Date(0) }] };
    expect(decideContext(HTTPS, passkeyOnly, undefined)).to.deep.equal({ kind: 'satisfied', classRef: AC_REFEDS_MFA });
    expect(decideContext(HTTPS, passkeyOnly, req('minimum', PPT))).to.deep.equal({ kind: 'satisfied', classRef: AC_REFEDS_MFA });
    expect(decideContext(HTTPS, passkeyOnly, req('exact', PPT))).to.deep.equal({ kind: 'unsatisfiable' });
    expect(decideContext(HTTPS, passkeyOnly, req('maximum', AC_PASSWORD))).to.deep.equal({ kind: 'unsatisfiable' });
  });

  it('a passkey after the password is a second factor: REFEDS MFA', () => {
    const passkey = { methods: [...password.methods, { method: 'hwk' as const, at: new Date(0) }] };
    expect(decideContext(HTTPS, passkey, req('exact', AC_REFEDS_MFA))).to.deep.equal({ kind: 'satisfied', classRef: AC_REFEDS_MFA });
  });
});
