// The shown-once SCIM API key, on its own page (post/redirect/get): the key at the top, a copy button (the
// layout's /assets/copy.js, no inline script), and what to do when it was not copied.
import { html, type SafeHtml } from '@samlbridge/web';
import { settingsTabs } from './layout.js';

export interface ScimKeyView {
  /** The new key, on the first visit only. */
  key: string | undefined;
  baseUrl: string;
}

export function scimKeyPage(v: ScimKeyView): SafeHtml {
  if (!v.key) {
    return html`${settingsTabs('sso')}<section class="card narrow" id="scim-key-gone">
<h1>SCIM API key already shown</h1>
<p class="alert warn" role="status">The API key was shown once, when it was created, and cannot be shown again: only its hash is stored.</p>
<p>If you copied it, nothing more to do. If you did not, create a new one with "Regenerate API key" (the old key stops working at once), then update the Token Key at your identity provider.</p>
<p><a class="button" href="/account/users/sso#scim">Back to SCIM v2 user provisioning</a></p>
</section>`;
  }
  return html`${settingsTabs('sso')}<section class="card narrow" id="scim-key">
<h1>Your SCIM API key</h1>
<div class="alert warn" role="status"><p><strong>Copy this key now: you will not see it again.</strong> Only its hash is kept; reloading or coming back to this page will not show it.</p></div>
<label for="scim-api-key">SCIM API key</label>
<input id="scim-api-key" class="mono" type="text" readonly value="${v.key}" data-key="scim-api-key">
<p><button type="button" data-copy-target="scim-api-key" aria-describedby="copy-status">Copy API key</button> <span id="copy-status" role="status" aria-live="polite"></span></p>
<p>Paste it as the <strong>Token Key</strong> of your identity provider's Identity Management integration, with the base URL <span class="mono" data-sp="scim-base-url">${v.baseUrl}</span>.</p>
<p><a class="button secondary" href="/account/users/sso#scim">Done: back to the SSO settings</a></p>
</section>`;
}
