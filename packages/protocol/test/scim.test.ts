// The shared SCIM wire constants carry the exact URNs of RFC 7643 / RFC 7644.
import { expect } from 'chai';
import { SCIM_MEDIA_TYPE, SCIM_SCHEMAS } from '../src/index.js';

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
