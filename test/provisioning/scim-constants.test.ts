// The IdP's SCIM client and the SP's SCIM server take their URNs from one definition
// (@samlbridge/protocol scim.ts), so the two sides cannot drift apart.
import { SCIM_SCHEMAS } from '@samlbridge/protocol';
import { expect } from 'chai';
import { toScimUser } from '../../packages/idp/src/provisioning/mapping.js';
import { SCIM_ERROR_SCHEMA } from '../../packages/sp-talentlms/src/scim/errors.js';
import { listResponse, SCHEMA } from '../../packages/sp-talentlms/src/scim/schemas.js';

describe('provisioning: one set of SCIM wire constants for the IdP and the SP', () => {
  it('the SP serves, and the IdP sends, the shared URNs', () => {
    expect(SCHEMA).to.include({ user: SCIM_SCHEMAS.user, group: SCIM_SCHEMAS.group, talentlms: SCIM_SCHEMAS.talentlmsUser });
    expect(SCIM_ERROR_SCHEMA).to.equal(SCIM_SCHEMAS.error);
    expect(listResponse([], 0, 1).schemas).to.deep.equal([SCIM_SCHEMAS.listResponse]);
    const user = toScimUser({ id: 'u1', username: 'ann', email: 'a@example.com', firstName: 'A', lastName: 'L', status: 'active' });
    expect(user.schemas).to.deep.equal([SCIM_SCHEMAS.user]);
  });
});
