import { suiteFixture } from '@samlbridge/test-support';
// A refusal that comes after the signature check (InResponseTo, replay) still names the verified NameID in the
// audit row, so an administrator can see whose sign-in was refused; one refused earlier names nobody.
import { expect } from 'chai';
import { describe, it } from 'mocha';
import { startSp } from '../helpers/harness.js';

describe('ACS audit: the subject of a refused Response', () => {
  const h = suiteFixture(() => startSp());

  async function lastEvent(): Promise<{ reason: string; user?: string }> {
    const { events } = (await (await h.api('GET', '/api/admin/events?limit=1')).json()) as {
      events: { reason: string; user?: string }[];
    };
    return events[0] as { reason: string; user?: string };
  }

  it('names the verified NameID when a replayed assertion is refused', async () => {
    const xml = h.responseXml({ assertion: { nameId: 'replay.subject', attributes: [] } });
    expect((await h.postAcs(xml)).res.status).to.equal(303);
    expect((await h.postAcs(xml)).res.status).to.equal(403);
    expect(await lastEvent()).to.include({ reason: 'replayed_assertion', user: 'replay.subject' });
  });

  it('names the verified NameID when an answer to an unknown request is refused', async () => {
    const xml = h.responseXml({ inResponseTo: '_never_sent', assertion: { nameId: 'stale.subject', attributes: [] } });
    expect((await h.postAcs(xml)).res.status).to.equal(403);
    expect(await lastEvent()).to.include({ reason: 'unknown_in_response_to', user: 'stale.subject' });
  });

  it('names nobody when the signature does not verify', async () => {
    const xml = h.responseXml({ assertion: { nameId: 'forged.subject', attributes: [] } }).replace('forged.subject', 'admin');
    expect((await h.postAcs(xml)).res.status).to.equal(403);
    const event = await lastEvent();
    expect(event.reason).to.equal('signature_invalid');
    expect(event.user ?? null).to.equal(null);
  });
});
