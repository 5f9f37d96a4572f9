// The shared SCIM wire constants carry the exact URNs of RFC 7643 / RFC 7644.
import { expect } from 'chai';
import { isSuperAdminUserType, SCIM_MEDIA_TYPE, SCIM_SCHEMAS, talentlmsUserType } from '../src/index.js';

describe('SCIM wire constants (RFC 7643 / RFC 7644)', () => {
  it('are the URNs the RFCs define', () => {
    expect(SCIM_SCHEMAS).to.include({
      user: 'urn:ietf:params:scim:schemas:core:2.0:User', // RFC 7643 §4.1
      group: 'urn:ietf:params:scim:schemas:core:2.0:Group', // RFC 7643 §4.2
      listResponse: 'urn:ietf:params:scim:api:messages:2.0:ListResponse', // RFC 7644 §3.4.2
      patchOp: 'urn:ietf:params:scim:api:messages:2.0:PatchOp', // RFC 7644 §3.5.2
      error: 'urn:ietf:params:scim:api:messages:2.0:Error', // RFC 7644 §3.12
      serviceProviderConfig: 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig', // RFC 7643 §5
    });
    expect(SCIM_MEDIA_TYPE).to.equal('application/scim+json'); // RFC 7644 §8.1
  });
});

describe('TalentLMS Super Admin user type', () => {
  it('recognises the Super Admin user type whatever its case, spaces or separators', () => {
    for (const spelling of [
      'SuperAdmin',
      'superadmin',
      'Super Admin',
      'super admin',
      ' SUPERADMIN ',
      'Super-Admin',
      'super_admin',
      'Super\tAdmin',
      'ＳｕｐｅｒＡｄｍｉｎ',
    ]) {
      expect(isSuperAdminUserType(spelling), spelling).to.equal(true);
    }
  });

  it('does not take other user types, or a missing one, for the Super Admin', () => {
    for (const other of [
      'Learner-Type',
      'Admin-Type',
      'Instructor-Type',
      'Super',
      'Admin',
      'SuperAdmins',
      'Not SuperAdmin',
      '',
      null,
      undefined,
      42,
    ]) {
      expect(isSuperAdminUserType(other), String(other)).to.equal(false);
    }
  });

  it('reads userType from the TalentLMS extension of a SCIM User, matching URN and attribute name case-insensitively', () => {
    const urn = SCIM_SCHEMAS.talentlmsUser;
    expect(talentlmsUserType({ id: '1', [urn]: { userType: 'SuperAdmin' } })).to.equal('SuperAdmin');
    expect(talentlmsUserType({ id: '1', [urn.toUpperCase()]: { USERTYPE: 'Super Admin' } })).to.equal('Super Admin');
    expect(talentlmsUserType({ id: '1' })).to.equal(undefined);
    expect(talentlmsUserType({ id: '1', [urn]: 'SuperAdmin' })).to.equal(undefined);
  });
});
