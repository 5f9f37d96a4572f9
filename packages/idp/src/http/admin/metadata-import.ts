// The portal's SP metadata import: paste the XML or give its URL → a page listing what changes (field, current,
// new), what is read but not stored, and the warnings → "Save these changes" applies exactly the document shown.
import { html, type SafeHtml, toSamlbridgeError } from '@samlbridge/web';
import type { Middleware, ParameterizedContext } from 'koa';
import type { MetadataImportPlan } from '../../services/sp-metadata-import.js';
import type { IdpDeps } from '../deps.js';
import { flash, seeOther } from './kit/flash.js';
import { action } from './kit/form-action.js';
import { form, text } from './kit/form-body.js';
import { csrfField, renderAdmin } from './kit/layout.js';

const appId = (ctx: ParameterizedContext) => String(ctx.params.id ?? '');
const base = (ctx: ParameterizedContext) => `/admin/applications/${appId(ctx)}/metadata-import`;

/** The SSO tab's link to the import. */
export function metadataImportLink(applicationId: string): SafeHtml {
  return html`<section class="card" id="metadata-import"><h2>Service provider metadata</h2>
<p>Fill the entity ID, ACS URLs, NameID format and request-signing certificate from the SP's metadata: <a href="/admin/applications/${applicationId}/metadata-import">Import SP metadata</a></p></section>`;
}

export const showMetadataImport =
  ({ services }: IdpDeps): Middleware =>
  async (ctx) => {
    const app = await services.directory.getApplication(appId(ctx));
    renderAdmin(
      ctx,
      'applications',
      `Import SP metadata · ${app.displayLabel}`,
      html`<p><a href="/admin/applications/${app.id}/sso">← ${app.displayLabel}: SSO</a></p>
<h1>Import SP metadata into ${app.displayLabel}</h1>
<form method="post" action="${base(ctx)}/preview" class="card">${csrfField(ctx)}
<label for="url">Metadata URL (fetched now: http or https, no redirects, at most 512 KiB within 5 s)</label>
<input id="url" name="url" type="url" placeholder="https://sp.example.com/saml/metadata">
<label for="xml">Or paste the metadata XML</label>
<textarea id="xml" name="xml" rows="12"></textarea>
<label for="entityId">Entity ID (only when the document describes several service providers)</label>
<input id="entityId" name="entityId">
<p><button type="submit">Show what changes</button></p>
</form>`,
    );
  };

function rows(changes: MetadataImportPlan['changes']): SafeHtml {
  return html`${changes.map(
    (c) => html`<tr><th scope="row">${c.field}</th><td><pre>${c.current || '—'}</pre></td><td><pre>${c.new}</pre></td></tr>`,
  )}`;
}

function previewPage(ctx: ParameterizedContext, appLabel: string, p: MetadataImportPlan, entityId: string): SafeHtml {
  return html`<p><a href="${base(ctx)}">← Import SP metadata</a></p>
<h1>Import ${p.entityId} into ${appLabel}: what changes</h1>
${p.warnings.map((w) => html`<div class="alert warn" role="status">${w}</div>`)}
${
  p.changes.length === 0
    ? html`<p id="no-changes">The application already has every value of this metadata.</p>`
    : html`<table id="changes"><thead><tr><th>Field</th><th>Current</th><th>New</th></tr></thead><tbody>${rows(p.changes)}</tbody></table>`
}
${
  p.notApplied.length
    ? html`<h2>Read but not stored</h2><p class="hint">The application has no field for these yet.</p>
<table id="not-applied"><thead><tr><th>Element</th><th>Current</th><th>In the metadata</th></tr></thead><tbody>${rows(p.notApplied)}</tbody></table>`
    : ''
}
<form method="post" action="${base(ctx)}" class="card">${csrfField(ctx)}
<input type="hidden" name="xml" value="${p.xml}">
<input type="hidden" name="entityId" value="${entityId}">
<p><button type="submit"${p.changes.length === 0 ? ' disabled' : ''}>Save these changes</button> <a href="/admin/applications/${appId(ctx)}/sso">Cancel</a></p>
</form>`;
}

/** POST …/preview: renders the differences (nothing saved); a problem flashes back to the form. */
export const previewMetadataImport =
  ({ services }: IdpDeps): Middleware =>
  async (ctx) => {
    const body = form(ctx);
    const entityId = text(body, 'entityId');
    try {
      const app = await services.directory.getApplication(appId(ctx));
      const p = await services.metadataImport.plan(appId(ctx), { xml: text(body, 'xml'), url: text(body, 'url'), entityId });
      renderAdmin(ctx, 'applications', `Import SP metadata · ${app.displayLabel}`, previewPage(ctx, app.displayLabel, p, entityId));
    } catch (thrown) {
      const err = toSamlbridgeError(thrown);
      if (err.status >= 500 || err.status === 403 || err.status === 404) throw thrown;
      flash(ctx, 'error', err.message);
      ctx.state.portalFailure = err.code;
      seeOther(ctx, base(ctx));
    }
  };

/** POST …: saves the document shown on the preview page. */
export const applyMetadataImport = ({ services }: IdpDeps): Middleware =>
  action(async (ctx, body) => {
    const { plan, application } = await services.metadataImport.apply(appId(ctx), {
      xml: text(body, 'xml'),
      entityId: text(body, 'entityId'),
    });
    return {
      to: `/admin/applications/${application.id}/sso`,
      message: `Imported the metadata of ${plan.entityId}: ${plan.changes.length} field${plan.changes.length === 1 ? '' : 's'} changed.`,
    };
  }, base);
