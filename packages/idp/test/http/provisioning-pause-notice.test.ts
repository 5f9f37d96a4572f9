// The Identity Management tab's pause notice (http/admin/provisioning-pause-notice.ts): who asked, why, and when the
// next delivery goes out, with the date only when that is another UTC day than today.
import { expect } from 'chai';
import { pauseNotice } from '../../src/http/admin/provisioning-pause-notice.js';

const text = (notice: unknown) => String(notice).replace(/<[^>]+>/g, '');

describe('admin portal: provisioning pause notice', () => {
  const now = new Date('2026-12-03T23:58:00Z');

  it('names the time of day only when the pause ends the same UTC day, and says why', () => {
    const until = new Date('2026-12-03T23:59:30Z');
    expect(text(pauseNotice({ until, reason: 'rate_limited' }, 'TalentLMS', now))).to.equal(
      'TalentLMS asked us to wait: next delivery at 23:59:30 UTC (Retry-After). Changes wait; none is counted as failed.',
    );
    expect(text(pauseNotice({ until, reason: 'unavailable' }, 'TalentLMS', now))).to.equal(
      'TalentLMS is not answering: next try at 23:59:30 UTC. Changes wait; none is counted as failed.',
    );
  });

  it('adds the date when the pause ends on another UTC day, and keeps the exact end in data-paused-until', () => {
    const until = new Date('2026-12-04T00:00:30Z');
    const notice = String(pauseNotice({ until, reason: 'quota_used' }, 'TalentLMS', now));
    expect(text(notice)).to.equal(
      'TalentLMS asked us to wait: next delivery at 2026-12-04 00:00:30 UTC (its request quota is used up until then). Changes wait; none is counted as failed.',
    );
    expect(notice).to.include('data-paused-until="2026-12-04T00:00:30.000Z"');
  });

  it('is empty without a pause', () => {
    expect(pauseNotice(undefined, 'TalentLMS', now)).to.equal('');
  });
});
