// The Identity Management tab's notice while the application has paused provisioning (pacer.ts): it says who asked,
// why, and when the next delivery goes out, so that "changes waiting" is not read as a failure.
import { html, type SafeHtml } from '@samlbridge/web';
import type { PauseStatus } from '../../provisioning/pause-status.js';

/** "HH:MM:SS UTC", with the date when the pause ends on another (UTC) day. */
function at(until: Date, now: Date): string {
  const iso = until.toISOString();
  const time = `${iso.slice(11, 19)} UTC`;
  return iso.slice(0, 10) === now.toISOString().slice(0, 10) ? time : `${iso.slice(0, 10)} ${time}`;
}

export function pauseNotice(pause: PauseStatus | undefined, label: string, now: Date): SafeHtml | string {
  if (!pause) return '';
  const when = at(pause.until, now);
  const text =
    pause.reason === 'unavailable'
      ? `${label} is not answering: next try at ${when}. Changes wait; none is counted as failed.`
      : pause.reason === 'quota_used'
        ? `${label} asked us to wait: next delivery at ${when} (its request quota is used up until then). Changes wait; none is counted as failed.`
        : `${label} asked us to wait: next delivery at ${when} (Retry-After). Changes wait; none is counted as failed.`;
  return html`<div class="alert warn" role="status" data-paused-until="${pause.until.toISOString()}">${text}</div>`;
}
