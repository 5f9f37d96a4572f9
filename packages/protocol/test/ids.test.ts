import { expect } from 'chai';
import { toSamlInstant } from '../src/ids.js';
import { newSamlId } from '../src/index.js';

describe('ids and instants', () => {
  it('newSamlId returns _ and 40 hex characters, unique each time', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newSamlId()));
    expect(ids.size).to.equal(1000);
    for (const id of ids) expect(id).to.match(/^_[0-9a-f]{40}$/);
  });
  it('toSamlInstant writes UTC with Z and no milliseconds (saml-core §1.3.3)', () => {
    expect(toSamlInstant(new Date('2024-02-29T23:59:59.999Z'))).to.equal('2024-02-29T23:59:59Z');
    expect(toSamlInstant(new Date(Date.UTC(2025, 0, 2, 3, 4, 5)))).to.equal('2025-01-02T03:04:05Z');
  });
});
