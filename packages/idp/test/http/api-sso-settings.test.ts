import { suiteFixture } from '@samlbridge/test-support';
import { expect } from 'chai';
import { apiClient, problems } from '../helpers/api.js';
import { startIdp } from '../helpers/harness.js';

describe('admin API: saving SSO settings', () => {
  const h = suiteFixture(() => startIdp());
  const api = apiClient(h);
  let id: string;
  before(async () => {
    id = (await api('POST', '/applications', { displayLabel: 'Settings Rules' })).body.id;
  });

  const patch = (body: unknown) => api('PATCH', `/applications/${id}`, body);

  it('refuses a blank SP entity ID and an empty ACS URL list, one message per field', async () => {
    const res = await patch({ spEntityId: '  ', acsUrls: [] });
    expect(res.status).to.equal(400);
    expect(problems(res)).to.deep.equal([
      'acsUrls: must list at least one ACS URL (the first is the default)',
      'spEntityId: must not be empty',
    ]);
  });

  it('refuses other SSO settings while the application has no entity ID and no ACS URL', async () => {
    const res = await patch({ signing: 'assertion' });
    expect(res.status).to.equal(400);
    expect(problems(res)).to.deep.equal([
      'acsUrls: must list at least one ACS URL (the first is the default)',
      'spEntityId: is required to save the SSO settings: enter the entity ID of the service provider',
    ]);
    expect((await api('GET', `/applications/${id}`)).body.signing).to.equal('both');
  });

  const refusals: { what: string; settings: Record<string, unknown>; expected: string[] }[] = [
    {
      what: 'a repeated ACS URL, naming the repeating entry',
      settings: { acsUrls: ['https://sp.test/acs', 'https://sp.test/acs'] },
      expected: ['acsUrls[1]: repeats an earlier ACS URL'],
    },
    {
      what: 'a repeated attribute name, naming the repeating entry',
      settings: {
        attributes: [
          { name: 'Email', source: 'email' },
          { name: 'Email', source: 'username' },
        ],
      },
      expected: ['attributes[1].name: repeats the attribute name "Email"'],
    },
    {
      what: 'a value on a mapping whose source is not "constant", and a constant without its value',
      settings: {
        attributes: [
          { name: 'Email', source: 'email', value: 'x' },
          { name: 'Dept', source: 'constant' },
        ],
      },
      expected: ['attributes[0].value: is only for source "constant"', 'attributes[1].value: must be the constant value (a string)'],
    },
  ];
  for (const { what, settings, expected } of refusals) {
    it(`refuses ${what}`, async () => {
      const res = await patch({ spEntityId: 'rules.test', acsUrls: ['https://sp.test/acs'], ...settings });
      expect(problems(res)).to.deep.equal(expected);
    });
  }

  it('saves complete settings, and then edits one of them alone', async () => {
    expect((await patch({ spEntityId: 'rules.test', acsUrls: ['https://sp.test/acs'] })).status).to.equal(200);
    const res = await patch({ signing: 'assertion' });
    expect(res.status).to.equal(200);
    expect(res.body).to.include({ signing: 'assertion', spEntityId: 'rules.test' });
  });
});
