// The application's Identity Management tab: configure (Base URL + Token Key) and activate with a
// real verification, update, reauth, deactivate, delete. Events: idm_integration_activate|update|
// reauth|delete (the article's "SCIM DI Integration Events"), for successes and refused attempts.

import type { SamlbridgeError } from '@samlbridge/errors';
import type { Clock } from '@samlbridge/web';
import { adminError } from '../admin-errors.js';
import type { Application } from '../domain.js';
import type { EventService } from '../services/events.js';
import { notFound, Validator } from '../services/validation.js';
import type { IdmIntegration, ImportSchedule, OutboxCounts } from '../store/provisioning-types.js';
import type { Store } from '../store/types.js';
import { type ProvisioningEventType, recordProvisioningEvent } from './events.js';
import { fullSync } from './planner.js';
import { createScimClient, ScimRequestError } from './scim-client.js';
import type { SecretBox } from './secret-box.js';
import { tlsAdvice } from './tls-advice.js';

export interface IdmSettingsInput {
  baseUrl?: unknown;
  token?: unknown;
  deleteOnIdpDelete?: unknown;
  importSchedule?: unknown;
}

export interface IdmView {
  applicationId: string;
  application: string;
  configured: boolean;
  active: boolean;
  baseUrl: string | null;
  /** The token is never returned; only whether one is stored. */
  tokenSet: boolean;
  deleteOnIdpDelete: boolean;
  importSchedule: ImportSchedule;
  lastImportAt: string | null;
  verifiedAt: string | null;
  outbox: OutboxCounts;
}

const SCHEDULES: readonly ImportSchedule[] = ['manual', 'hourly'];
const FIELDS = ['baseUrl', 'token', 'deleteOnIdpDelete', 'importSchedule'];

export function deactivateFirst(): SamlbridgeError {
  return adminError('idm_deactivate_first', undefined, { details: [{ field: 'token', message: 'deactivate the integration first' }] });
}

/** The SP's refusal, as a sentence an admin can act on. */
export function verificationMessage(err: ScimRequestError, baseUrl: string): string {
  const host = (() => {
    try {
      return new URL(baseUrl).host;
    } catch {
      return baseUrl;
    }
  })();
  const said = err.spMessage ? ` The application said: "${err.spMessage}".` : '';
  switch (err.kind) {
    case 'tls':
      return `Could not open a secure (TLS) connection to ${host}: ${err.spMessage}${err.networkCode ? ` (${err.networkCode})` : ''}. ${tlsAdvice(err.networkCode)}`;
    case 'network':
      return `Could not reach ${host}: ${err.spMessage}. Check the Base URL and that the application is reachable from the IdP.`;
    case 'timeout':
      return `${host} did not answer in time. Check the Base URL and try again.`;
    case 'invalid_response':
      return `${baseUrl} answered, but not with SCIM JSON. Check the Base URL: it ends in /api/scim2.`;
    default:
      if (err.httpStatus === 401 || err.httpStatus === 403)
        return `The application refused the token key (HTTP ${err.httpStatus}).${said} Copy the API key shown when SCIM provisioning was enabled in TalentLMS and try again.`;
      if (err.httpStatus === 404)
        return `There is no SCIM service at ${baseUrl} (HTTP 404).${said} Check the Base URL: https://{yourdomain}.talentlms.com/api/scim2.`;
      return `The application answered HTTP ${err.httpStatus}.${said}`;
  }
}

export interface IdmServiceOptions {
  store: Store;
  clock: Clock;
  box: SecretBox;
  events: EventService;
  timeoutMs: number;
  onEnqueued(): void;
}

export function createIdmService({ store, clock, box, events, timeoutMs, onEnqueued }: IdmServiceOptions) {
  async function requireApp(idOrName: string): Promise<Application> {
    const app = (await store.applications.get(idOrName)) ?? (await store.applications.findByName(idOrName));
    if (!app) throw notFound('application', idOrName);
    return app;
  }

  async function requireIntegration(app: Application): Promise<IdmIntegration> {
    const i = await store.idmIntegrations.get(app.id);
    if (!i)
      throw adminError('idm_not_configured', `The application "${app.name}" has no Identity Management integration: configure it first.`);
    return i;
  }

  function readSettings(input: IdmSettingsInput, creating: boolean) {
    const v = Validator.of(input as Record<string, unknown>);
    v.rejectUnknown(FIELDS);
    const baseUrl = v.string('baseUrl', { required: creating, max: 2048 });
    if (baseUrl !== undefined) {
      let url: URL | undefined;
      try {
        url = new URL(baseUrl);
      } catch {
        v.problem('baseUrl', 'must be a URL such as https://{yourdomain}.talentlms.com/api/scim2');
      }
      if (url && url.protocol !== 'https:' && url.protocol !== 'http:') v.problem('baseUrl', 'must be an http(s) URL');
      if (url && (url.username || url.password)) v.problem('baseUrl', 'must not contain credentials: put the key in Token Key');
    }
    const token = v.string('token', { required: creating, max: 4096 });
    if (token !== undefined && token.trim() === '') v.problem('token', 'must not be empty');
    const deleteOnIdpDelete = v.has('deleteOnIdpDelete') ? v.input.deleteOnIdpDelete : undefined;
    if (deleteOnIdpDelete !== undefined && typeof deleteOnIdpDelete !== 'boolean') v.problem('deleteOnIdpDelete', 'must be true or false');
    const importSchedule = v.oneOf('importSchedule', SCHEDULES);
    v.done();
    return {
      baseUrl: baseUrl?.replace(/\/+$/, ''),
      token: token?.trim(),
      deleteOnIdpDelete: deleteOnIdpDelete as boolean | undefined,
      importSchedule,
    };
  }

  /** Discovery + `GET /Users?count=1` with the given credentials (RFC 7644 §4, §3.4.2). */
  async function verify(baseUrl: string, token: string): Promise<void> {
    const client = createScimClient({ baseUrl, token, timeoutMs, now: () => clock.now() });
    try {
      await client.serviceProviderConfig();
      await client.listUsers({ count: 1 });
    } catch (err) {
      if (!(err instanceof ScimRequestError)) throw err;
      throw adminError('idm_verification_failed', verificationMessage(err, baseUrl), {
        details: [
          {
            field: err.httpStatus === 401 || err.httpStatus === 403 ? 'token' : 'baseUrl',
            message: err.httpStatus ? `HTTP ${err.httpStatus}${err.scimType ? ` ${err.scimType}` : ''}` : err.kind,
          },
        ],
        cause: err,
      });
    }
  }

  async function audited<T>(
    type: ProvisioningEventType,
    app: Application,
    initiator: string,
    detail: Record<string, unknown>,
    fn: () => Promise<T>,
  ): Promise<T> {
    const about = { type, initiator, application: app.name, resource: `application:${app.id}` };
    try {
      const result = await fn();
      await recordProvisioningEvent(events, { ...about, success: true, detail });
      return result;
    } catch (err) {
      const e = err as SamlbridgeError;
      await recordProvisioningEvent(events, {
        ...about,
        success: false,
        reason: e.code ?? 'error',
        detail: { ...detail, error: e.message },
      });
      throw err;
    }
  }

  /** Stores the integration as active and queues the full sync, in one transaction. */
  async function activateStored(next: IdmIntegration): Promise<void> {
    await store.transaction(async (tx) => {
      await tx.idmIntegrations.put(next);
      const now = clock.now();
      const rows = await fullSync(tx, next.applicationId, now);
      if (rows.length) await tx.outbox.enqueue(rows, now);
    });
    onEnqueued();
  }

  async function view(app: Application): Promise<IdmView> {
    const i = await store.idmIntegrations.get(app.id);
    return {
      applicationId: app.id,
      application: app.name,
      configured: i !== undefined,
      active: i?.active ?? false,
      baseUrl: i?.baseUrl ?? null,
      tokenSet: i !== undefined,
      deleteOnIdpDelete: i?.deleteOnIdpDelete ?? false,
      importSchedule: i?.importSchedule ?? 'manual',
      lastImportAt: i?.lastImportAt?.toISOString() ?? null,
      verifiedAt: i?.verifiedAt?.toISOString() ?? null,
      outbox: await store.outbox.counts(app.id),
    };
  }

  return {
    requireApp,
    get: async (idOrName: string) => view(await requireApp(idOrName)),

    /** Configure + Activate: verified for real before anything is stored. */
    async activate(idOrName: string, input: IdmSettingsInput, initiator: string): Promise<IdmView> {
      const app = await requireApp(idOrName);
      const existing = await store.idmIntegrations.get(app.id);
      const type: ProvisioningEventType = existing ? 'idm_integration_reauth' : 'idm_integration_activate';
      await audited(type, app, initiator, { baseUrl: (input as { baseUrl?: unknown }).baseUrl ?? existing?.baseUrl ?? null }, async () => {
        const s = readSettings(input, !existing);
        if (existing?.active && s.token !== undefined && box.open(existing.tokenCiphertext) !== s.token) throw deactivateFirst();
        const baseUrl = s.baseUrl ?? existing!.baseUrl;
        const token = s.token ?? box.open(existing!.tokenCiphertext);
        await verify(baseUrl, token);
        const now = clock.now();
        await activateStored({
          applicationId: app.id,
          baseUrl,
          tokenCiphertext: box.seal(token),
          active: true,
          deleteOnIdpDelete: s.deleteOnIdpDelete ?? existing?.deleteOnIdpDelete ?? false,
          importSchedule: s.importSchedule ?? existing?.importSchedule ?? 'manual',
          lastImportAt: existing?.lastImportAt ?? null,
          verifiedAt: now,
          createdAt: existing?.createdAt ?? now,
          updatedAt: now,
        });
      });
      return view(app);
    },

    /** Update settings. The token only while deactivated; a new Base URL of an active integration is verified first. */
    async update(idOrName: string, input: IdmSettingsInput, initiator: string): Promise<IdmView> {
      const app = await requireApp(idOrName);
      await audited('idm_integration_update', app, initiator, {}, async () => {
        const existing = await requireIntegration(app);
        const s = readSettings(input, false);
        if (s.token !== undefined && existing.active) throw deactivateFirst();
        const baseUrl = s.baseUrl ?? existing.baseUrl;
        if (existing.active && baseUrl !== existing.baseUrl) await verify(baseUrl, box.open(existing.tokenCiphertext));
        await store.idmIntegrations.put({
          ...existing,
          baseUrl,
          tokenCiphertext: s.token !== undefined ? box.seal(s.token) : existing.tokenCiphertext,
          deleteOnIdpDelete: s.deleteOnIdpDelete ?? existing.deleteOnIdpDelete,
          importSchedule: s.importSchedule ?? existing.importSchedule,
          updatedAt: clock.now(),
        });
      });
      return view(app);
    },

    /** Re-verify the stored (or, while deactivated, a new) token and (re)activate. */
    async reauth(idOrName: string, input: { token?: unknown }, initiator: string): Promise<IdmView> {
      const app = await requireApp(idOrName);
      await audited('idm_integration_reauth', app, initiator, {}, async () => {
        const existing = await requireIntegration(app);
        const s = readSettings(input, false);
        if (s.token !== undefined && existing.active) throw deactivateFirst();
        const token = s.token ?? box.open(existing.tokenCiphertext);
        await verify(existing.baseUrl, token);
        const now = clock.now();
        const next = { ...existing, tokenCiphertext: box.seal(token), active: true, verifiedAt: now, updatedAt: now };
        if (existing.active) await store.idmIntegrations.put(next);
        else await activateStored(next);
      });
      return view(app);
    },

    /** "Deactivate IdM connection": nothing more is sent; the settings stay for reactivation. */
    async deactivate(idOrName: string, initiator: string): Promise<IdmView> {
      const app = await requireApp(idOrName);
      await audited('idm_integration_delete', app, initiator, { action: 'deactivate' }, async () => {
        const existing = await requireIntegration(app);
        await store.idmIntegrations.put({ ...existing, active: false, updatedAt: clock.now() });
      });
      return view(app);
    },

    /** Removes the integration and its links (the application's users stay where they are). */
    async remove(idOrName: string, initiator: string): Promise<void> {
      const app = await requireApp(idOrName);
      await audited('idm_integration_delete', app, initiator, { action: 'delete' }, async () => {
        await requireIntegration(app);
        await store.transaction(async (tx) => {
          await tx.idmIntegrations.delete(app.id);
          for (const kind of ['user', 'group'] as const) {
            for (;;) {
              const page = await tx.provisioningLinks.list(app.id, kind, { limit: 500, offset: 0 });
              if (page.items.length === 0) break;
              for (const l of page.items) await tx.provisioningLinks.delete(app.id, kind, l.localId);
            }
          }
        });
      });
    },
  };
}

export type IdmService = ReturnType<typeof createIdmService>;
