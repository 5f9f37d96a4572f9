import { expect } from 'chai';
import { isConfigured, isLaunchable, missingSettings } from '../../src/services/launchable.js';
import { application } from '../store/fixtures.js';

describe('services: launchable applications', () => {
  it('calls a SAML application with an entity ID and an ACS URL configured and, when active, launchable', () => {
    const app = application('a1', 'ok');
    expect(missingSettings(app)).to.deep.equal([]);
    expect(isLaunchable(app)).to.equal(true);
    expect(isLaunchable({ ...app, ssoActive: false })).to.equal(false);
  });

  it('names an empty SP entity ID and an empty ACS URL list as missing', () => {
    expect(missingSettings(application('a1', 'x', { spEntityId: ' ', acsUrls: [] }))).to.deep.equal(['spEntityId', 'acsUrls']);
  });

  it('is not configured while YOURDOMAIN / SUBDOMAIN placeholders remain', () => {
    const app = application('a1', 'x', { spEntityId: 'https://YOURDOMAIN.talentlms.com' });
    expect(isConfigured(app)).to.equal(false);
    expect(missingSettings(app)).to.deep.equal(['spEntityId']);
  });

  it('needs a bookmark URL without placeholder for a bookmark', () => {
    const bookmark = (bookmarkUrl: string | null) =>
      application('b1', 'bm', { kind: 'bookmark', spEntityId: '', acsUrls: [], bookmarkUrl });
    expect(isLaunchable(bookmark('https://wiki.example.test/'))).to.equal(true);
    expect(missingSettings(bookmark(''))).to.deep.equal(['bookmarkUrl']);
    expect(missingSettings(bookmark('https://YOURDOMAIN.talentlms.com/index/ssologin/service:saml'))).to.deep.equal(['bookmarkUrl']);
  });
});
