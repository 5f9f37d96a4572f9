import { expect } from 'chai';
import { rejectionOf, thrownBy } from '../src/thrown-by.js';

class CodedError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

describe('thrownBy', () => {
  it('returns the error of the expected type, and undefined when nothing is thrown', () => {
    expect(
      thrownBy(() => {
        throw new CodedError('bad_input');
      }, CodedError)?.code,
    ).to.equal('bad_input');
    expect(thrownBy(() => 1, CodedError)).to.equal(undefined);
  });

  it('throws on an error of another type instead of hiding it', () => {
    const other = new TypeError('not a coded error');
    expect(() =>
      thrownBy(() => {
        throw other;
      }, CodedError),
    ).to.throw(other);
  });

  it('rejectionOf returns what a promise rejects with, and throws the given message when it resolves', async () => {
    expect(await rejectionOf(Promise.reject(new CodedError('refused')))).to.be.instanceOf(CodedError);
    const err = await rejectionOf(rejectionOf(Promise.resolve(1), 'expected the store to refuse the write'));
    expect(err.message).to.equal('expected the store to refuse the write');
  });
});
