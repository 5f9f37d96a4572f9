// The pages of the factor step and of enrolment (no inline script or style: the strict CSP of every page).
import { html, type SafeHtml } from '@samlbridge/web';
import type { TotpEnrolment } from '../../mfa/service.js';

export interface StepHidden {
  csrf: string;
  flowId?: string;
  next?: string;
}

function hidden(h: StepHidden): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${h.csrf}">
${h.flowId ? html`<input type="hidden" name="flow" value="${h.flowId}">` : ''}${h.next ? html`<input type="hidden" name="next" value="${h.next}">` : ''}`;
}

function alert(error?: string, notice?: string): SafeHtml {
  return html`${error ? html`<div class="alert error" role="alert">${error}</div>` : ''}${notice ? html`<div class="alert warn">${notice}</div>` : ''}`;
}

/** The code prompt: a TOTP code or a recovery code. */
export function codeForm(v: StepHidden & { action: string; heading: string; error?: string; notice?: string }): SafeHtml {
  return html`<section class="card narrow">
<h1>${v.heading}</h1>
${alert(v.error, v.notice)}
<form method="post" action="${v.action}">
${hidden(v)}
<input type="hidden" name="step" value="verify">
<label for="code">Code from your authenticator app, or a recovery code</label>
<input type="text" id="code" name="code" autocomplete="one-time-code" required maxlength="64" spellcheck="false">
<button type="submit">Verify</button>
</form>
</section>`;
}

/** Scan the QR code (or type the secret), then confirm with the first code the app shows. */
export function enrolForm(
  v: StepHidden & { action: string; enrolment: TotpEnrolment; error?: string; notice?: string; skippable?: boolean; intro: string },
): SafeHtml {
  return html`<section class="card narrow">
<h1>Set up an authenticator app</h1>
<p>${v.intro}</p>
${alert(v.error, v.notice)}
<figure class="qr"><img src="data:image/svg+xml;base64,${Buffer.from(v.enrolment.svg, 'utf8').toString('base64')}" alt="QR code of the otpauth link below" width="200" height="200"><figcaption>Scan this QR code with an authenticator app.</figcaption></figure>
<p>Cannot scan it? Enter this secret in the app: <code class="secret" data-totp-secret>${v.enrolment.secret}</code></p>
<p class="hint">Or open this link on the device with the app: <code data-totp-uri>${v.enrolment.uri}</code></p>
<form method="post" action="${v.action}">
${hidden(v)}
<input type="hidden" name="step" value="enrol">
<label for="code">The 6-digit code the app shows</label>
<input type="text" id="code" name="code" autocomplete="one-time-code" inputmode="numeric" pattern="[0-9 ]*" required maxlength="8">
<button type="submit">Confirm</button>
</form>
${
  v.skippable
    ? html`<form method="post" action="${v.action}">
${hidden(v)}
<input type="hidden" name="step" value="skip">
<button type="submit" class="secondary">Not now</button>
</form>`
    : ''
}
</section>`;
}

/** The recovery codes, shown once. */
export function recoveryCodesView(v: StepHidden & { codes: string[]; action: string; button: string; intro?: string }): SafeHtml {
  return html`<section class="card narrow">
<h1>Your recovery codes</h1>
<p>${v.intro ?? 'Each code signs you in once when you do not have your authenticator app. Keep them somewhere safe: they are shown only now.'}</p>
<ul class="recovery-codes" aria-label="Recovery codes">${v.codes.map((c) => html`<li><code>${c}</code></li>`)}</ul>
<form method="post" action="${v.action}">
${hidden(v)}
<input type="hidden" name="step" value="continue">
<button type="submit">${v.button}</button>
</form>
</section>`;
}
