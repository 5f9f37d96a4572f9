import { expect } from 'chai';
import { describe, it } from 'mocha';
import { SamlbridgeError } from '../src/index.js';

describe('SamlbridgeError', () => {
  it('defaults to 400 with a message that may be shown, and keeps details and cause when given', () => {
    const plain = new SamlbridgeError('bad_input', 'Enter a name.');
    expect(plain).to.include({ code: 'bad_input', message: 'Enter a name.', status: 400, expose: true, name: 'SamlbridgeError' });
    expect(plain.details).to.equal(undefined);
    const cause = new Error('low level');
    const full = new SamlbridgeError('store_down', 'Try again later.', { status: 503, expose: false, details: { at: 'users' }, cause });
    expect(full).to.include({ status: 503, expose: false, cause });
    expect(full.details).to.deep.equal({ at: 'users' });
  });

  it('names a subclass after itself', () => {
    class ScimError extends SamlbridgeError {}
    expect(new ScimError('x', 'y')).to.include({ name: 'ScimError' }).and.be.instanceOf(SamlbridgeError);
  });
});
