import { expect } from 'chai';
import { describe, it } from 'mocha';
import { errorCodes, errorCodeTest, errorFactory, SamlbridgeError } from '../src/index.js';

describe('errorCodes', () => {
  it('turns a list written by HTTP status into code → status and default message', () => {
    const list = errorCodes({
      403: { access_denied: 'You are not assigned to this application.' },
      404: { not_found: 'There is no such item.', gone_missing: 'It went away.' },
    });
    expect(list).to.deep.equal({
      access_denied: { status: 403, message: 'You are not assigned to this application.' },
      not_found: { status: 404, message: 'There is no such item.' },
      gone_missing: { status: 404, message: 'It went away.' },
    });
  });

  it('refuses a code listed under two statuses', () => {
    expect(() => errorCodes({ 400: { conflict: 'Bad.' }, 409: { conflict: 'Taken.' } })).to.throw(
      /conflict is listed under two HTTP statuses/,
    );
  });

  it('gives the factory of its list the status and default message of each code', () => {
    const list = errorCodes({ 409: { conflict: 'Another record already uses this value.' } });
    const err = errorFactory(list)('conflict');
    expect(err)
      .to.be.instanceOf(SamlbridgeError)
      .and.include({ code: 'conflict', status: 409, message: 'Another record already uses this value.' });
    expect(errorFactory(list)('conflict', 'The username is taken.').message).to.equal('The username is taken.');
    expect(errorCodeTest(list)(err, 'conflict')).to.equal(true);
    expect(errorCodeTest(list)(new Error('conflict'), 'conflict')).to.equal(false);
  });
});
