import type { SamlbridgeError } from '@samlbridge/errors';
import type { SamlAttribute } from '@samlbridge/protocol';
import type { Clock } from '@samlbridge/web';
import { adminError } from '../admin-errors.js';
import type { Application, Group, Page, ResolvedApplication, User } from '../domain.js';
import { type AssertionEncryptionSettings, NO_ASSERTION_ENCRYPTION } from '../store/assertion-encryption.js';
import type { ApplicationPatch, ListOptions, RequestSigningSettings, SsoOptions, Store } from '../store/types.js';
import {
  type ApplicationFields,
  CREATE_FIELDS,
  type CreateApplicationInput,
  EDIT_FIELDS,
  placeholderFields,
  REQUEST_SIGNING_FIELDS,
  readApplicationFields,
  SSO_FIELDS,
  slugify,
  type UpdateApplicationInput,
} from './application-input.js';
import { CATALOG, findCatalogEntry, PLACEHOLDER } from './catalog.js';
import { newId } from './directory-users.js';
import { attributeNameFormatUri, DEFAULT_SSO_OPTIONS, SSO_OPTION_FIELDS } from './sso-options.js';
import { APP_NAME, notFound, Validator } from './validation.js';

export type { CreateApplicationInput, UpdateApplicationInput } from './application-input.js';
export { MAX_RELAY_STATE_BYTES } from './application-input.js';

/** One application as the API's GET / PATCH / POST return it: with its request-signing settings. */
export type ApplicationDetail = ResolvedApplication & RequestSigningSettings & SsoOptions;

/** The SSO options after this change (fields left out keep their stored value). */
function mergeSsoOptions(f: ApplicationFields, current: SsoOptions): SsoOptions {
  return {
    allowedNameIdFormats: f.allowedNameIdFormats === undefined ? current.allowedNameIdFormats : f.allowedNameIdFormats,
    allowedRelayStates: f.allowedRelayStates ?? current.allowedRelayStates,
  };
}

export const SSO_URL_IMMUTABLE_MESSAGE =
  "The SSO IdP URL can't be changed after the application is created: delete the application and create it again.";

function placeholdersRemain(fields: string[]): SamlbridgeError {
  return adminError(
    'placeholders_remain',
    `Replace YOURDOMAIN and SUBDOMAIN with your TalentLMS values before saving. Still holding a placeholder: ${fields.join(', ')}.`,
    { details: fields.map((field) => ({ field, message: 'still holds a YOURDOMAIN or SUBDOMAIN placeholder' })) },
  );
}

/** No row in store.requestSigning: unsigned requests accepted (the default). */
export const NO_REQUEST_SIGNING: RequestSigningSettings = { requireSignedRequests: false, spCertificatePem: '', allowSha1: false };

/** The request-signing settings after this change; requiring signatures needs a certificate to check them with. */
function mergeRequestSigning(v: Validator, f: ApplicationFields, current: RequestSigningSettings): RequestSigningSettings {
  const merged: RequestSigningSettings = {
    requireSignedRequests: f.requireSignedRequests ?? current.requireSignedRequests,
    spCertificatePem: f.spCertificatePem ?? current.spCertificatePem,
    allowSha1: f.allowSha1 ?? current.allowSha1,
  };
  const certificateProblem = v.has('spCertificatePem') && f.spCertificatePem === undefined; // already reported
  if (merged.requireSignedRequests && !merged.spCertificatePem.trim() && !certificateProblem) {
    v.problem(
      'spCertificatePem',
      'is required to require signed requests: paste the certificate the service provider signs its requests with',
    );
  }
  return merged;
}

/**
 * A bookmark is created with a usable URL: the caller's, else the template's, and neither empty nor
 * still holding YOURDOMAIN / SUBDOMAIN (the TalentLMS bookmark template does until it is replaced).
 */
function checkBookmarkUrl(v: Validator, supplied: string | undefined, template: string | null): void {
  if (v.has('bookmarkUrl') && supplied === undefined) return; // already reported (not a URL)
  const url = supplied ?? template ?? '';
  if (!url) v.problem('bookmarkUrl', 'is required for a bookmark: enter the URL the tile opens');
  else if (PLACEHOLDER.test(url)) v.problem('bookmarkUrl', 'still holds a YOURDOMAIN or SUBDOMAIN placeholder: enter your own URL');
}

/**
 * Saving SSO settings needs the SP's entity ID (the assertion's Audience, saml-core §2.5.1.4) and at
 * least one ACS URL: fields the request leaves out must already hold a value. Present-but-empty ones
 * are reported by readApplicationFields.
 */
function requireSsoBasics(v: Validator, current: Application): void {
  if (!v.has('spEntityId') && !current.spEntityId.trim()) {
    v.problem('spEntityId', 'is required to save the SSO settings: enter the entity ID of the service provider');
  }
  if (!v.has('acsUrls') && current.acsUrls.length === 0) {
    v.problem('acsUrls', 'must list at least one ACS URL (the first is the default)');
  }
}

export function createApplicationDirectory(store: Store, clock: Clock, baseUrl: string) {
  const ssoPrefix = `${baseUrl}/saml2/`;

  function resolve(app: Application): ResolvedApplication {
    const ssoUrl = `${ssoPrefix}${app.name}`;
    // Default IdP entity ID: the application's SSO IdP URL (unique per application, like JumpCloud's per-app URLs).
    return { ...app, idpEntityId: app.idpEntityIdOverride ?? ssoUrl, ssoUrl, metadataUrl: `${ssoUrl}/metadata` };
  }

  async function requestSigningOf(id: string): Promise<RequestSigningSettings> {
    return (await store.requestSigning.get(id)) ?? NO_REQUEST_SIGNING;
  }

  async function ssoOptionsOf(id: string): Promise<SsoOptions> {
    return (await store.ssoOptions.get(id)) ?? DEFAULT_SSO_OPTIONS;
  }

  async function requireApplication(id: string): Promise<Application> {
    const app = await store.applications.get(id);
    if (!app) throw notFound('application', id);
    return app;
  }

  /** `name` or `ssoUrl` → the slug, or undefined (derive it). */
  function requestedName(v: Validator): string | undefined {
    let name = v.string('name', { max: 63 });
    const ssoUrl = v.string('ssoUrl', { max: 2048 });
    if (ssoUrl) {
      if (!ssoUrl.startsWith(ssoPrefix)) v.problem('ssoUrl', `must be ${ssoPrefix}{applicationname}`);
      else if (name !== undefined && name !== ssoUrl.slice(ssoPrefix.length)) v.problem('ssoUrl', 'must match name');
      else name = ssoUrl.slice(ssoPrefix.length);
    }
    if (name && !APP_NAME.test(name)) {
      v.problem(v.has('name') ? 'name' : 'ssoUrl', 'must end in a URL slug: lowercase letters, digits and "-" (it becomes /saml2/{name})');
    }
    return name || undefined;
  }

  async function freeName(label: string): Promise<string> {
    const base = slugify(label);
    for (let i = 1; ; i++) {
      const candidate = i === 1 ? base : `${base}-${i}`;
      if (!(await store.applications.findByName(candidate))) return candidate;
    }
  }

  async function requireGroups(ids: unknown, field: string): Promise<Group[]> {
    const v = new Validator({});
    if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string')) v.problem(field, 'must be a list of IDs');
    v.done();
    const groups: Group[] = [];
    for (const id of new Set(ids as string[])) {
      const g = await store.groups.get(id);
      if (!g) throw notFound('group', id);
      groups.push(g);
    }
    return groups;
  }

  return {
    resolveApplication: resolve,
    catalog: () => CATALOG,

    async createApplication(input: CreateApplicationInput): Promise<ApplicationDetail> {
      const v = Validator.of(input);
      v.rejectUnknown(CREATE_FIELDS);
      const catalogId = v.string('catalog', { max: 100 }) || 'custom-saml';
      const entry = findCatalogEntry(catalogId);
      if (!entry) v.problem('catalog', `must be one of: ${CATALOG.map((c) => c.id).join(', ')}`);
      const explicitName = requestedName(v);
      const f = readApplicationFields(v);
      if (entry && !f.displayLabel && !entry.label) v.problem('displayLabel', 'is required');
      if (entry?.kind === 'bookmark') {
        checkBookmarkUrl(v, f.bookmarkUrl, entry.defaults.bookmarkUrl);
        for (const k of [...REQUEST_SIGNING_FIELDS, ...SSO_OPTION_FIELDS])
          if (v.has(k)) v.problem(k, 'does not apply to a bookmark application');
      }
      const signing = mergeRequestSigning(v, f, NO_REQUEST_SIGNING);
      const options = mergeSsoOptions(f, DEFAULT_SSO_OPTIONS);
      v.done();
      const template = entry!;
      const displayLabel = f.displayLabel || template.label;
      if (explicitName && (await store.applications.findByName(explicitName))) {
        throw adminError('conflict', `An application with the SSO IdP URL ${ssoPrefix}${explicitName} already exists`, {
          details: [{ field: v.has('name') ? 'name' : 'ssoUrl', message: 'already in use' }],
        });
      }
      const now = clock.now();
      const d = template.defaults;
      const app: Application = {
        id: newId(),
        kind: template.kind,
        catalogId: template.id,
        name: explicitName ?? (await freeName(f.displayLabel || template.suggestedName || displayLabel)),
        displayLabel,
        description: f.description ?? (f.displayLabel ? '' : template.description),
        image: f.image === undefined ? template.image : f.image,
        showInConsole: f.showInConsole ?? true,
        idpEntityIdOverride: f.idpEntityId ?? null,
        spEntityId: f.spEntityId ?? d.spEntityId,
        acsUrls: f.acsUrls ?? [...d.acsUrls],
        defaultRelayState: f.defaultRelayState ?? d.defaultRelayState,
        nameIdSource: f.nameIdSource ?? d.nameIdSource,
        nameIdFormat: f.nameIdFormat ?? d.nameIdFormat,
        signing: f.signing ?? 'both',
        signatureAlgorithm: f.signatureAlgorithm ?? 'rsa-sha256',
        attributes: f.attributes ?? d.attributes.map((a) => ({ ...a })),
        groupAttribute: f.groupAttribute ?? null,
        bookmarkUrl: template.kind === 'bookmark' ? (f.bookmarkUrl ?? d.bookmarkUrl ?? '') : null,
        ssoActive: f.ssoActive ?? true,
        createdAt: now,
        updatedAt: now,
      };
      // The template may carry placeholders (the SSO tab refuses to save them); the caller's own values may not.
      const supplied = placeholderFields({
        spEntityId: f.spEntityId ?? '',
        acsUrls: f.acsUrls ?? [],
        defaultRelayState: f.defaultRelayState ?? '',
        bookmarkUrl: f.bookmarkUrl ?? null,
        idpEntityIdOverride: f.idpEntityId ?? null,
      });
      if (supplied.length) throw placeholdersRemain(supplied);
      await store.transaction(async (tx) => {
        await tx.applications.insert(app);
        if (REQUEST_SIGNING_FIELDS.some((k) => v.has(k))) await tx.requestSigning.put(app.id, signing, now);
        if (SSO_OPTION_FIELDS.some((k) => v.has(k))) await tx.ssoOptions.put(app.id, options, now);
      });
      return { ...resolve(app), ...signing, ...options };
    },

    async updateApplication(id: string, input: UpdateApplicationInput): Promise<ApplicationDetail> {
      const current = await requireApplication(id);
      const v = Validator.of(input);
      const { name, ssoUrl } = v.input;
      if ((name !== undefined && name !== current.name) || (ssoUrl !== undefined && ssoUrl !== `${ssoPrefix}${current.name}`)) {
        // Like JumpCloud's SSO IdP URL: SPs already point at /saml2/{name}.
        throw adminError('sso_url_immutable', SSO_URL_IMMUTABLE_MESSAGE, {
          details: [{ field: name !== undefined ? 'name' : 'ssoUrl', message: 'cannot be changed after creation' }],
        });
      }
      v.rejectUnknown(EDIT_FIELDS);
      const f = readApplicationFields(v);
      if (current.kind === 'bookmark') {
        for (const k of SSO_FIELDS) if (k !== 'bookmarkUrl' && v.has(k)) v.problem(k, 'does not apply to a bookmark application');
        if (v.has('bookmarkUrl') && !f.bookmarkUrl) v.problem('bookmarkUrl', 'is required for a bookmark: enter the URL the tile opens');
      } else {
        if (v.has('bookmarkUrl')) v.problem('bookmarkUrl', 'only applies to bookmark applications');
        if (SSO_FIELDS.some((k) => v.has(k))) requireSsoBasics(v, current);
      }
      const currentSigning = await requestSigningOf(id);
      const signing = mergeRequestSigning(v, f, currentSigning);
      const options = mergeSsoOptions(f, await ssoOptionsOf(id));
      v.done();
      const {
        idpEntityId,
        bookmarkUrl,
        requireSignedRequests: _r,
        spCertificatePem: _c,
        allowSha1: _a,
        allowedNameIdFormats: _f,
        allowedRelayStates: _s,
        ...rest
      } = f;
      const patch: ApplicationPatch = {};
      for (const [k, value] of Object.entries(rest)) if (value !== undefined) (patch as Record<string, unknown>)[k] = value;
      if (idpEntityId !== undefined) patch.idpEntityIdOverride = idpEntityId;
      if (bookmarkUrl !== undefined) patch.bookmarkUrl = bookmarkUrl;
      // Saving SSO settings: refused while any template placeholder remains, naming each field.
      if (SSO_FIELDS.some((k) => v.has(k))) {
        const remaining = placeholderFields({ ...current, ...patch });
        if (remaining.length) throw placeholdersRemain(remaining);
      }
      const now = clock.now();
      const updated = await store.transaction(async (tx) => {
        const saved = await tx.applications.update(id, patch, now);
        if (saved && REQUEST_SIGNING_FIELDS.some((k) => v.has(k))) await tx.requestSigning.put(id, signing, now);
        if (saved && SSO_OPTION_FIELDS.some((k) => v.has(k))) await tx.ssoOptions.put(id, options, now);
        return saved;
      });
      if (!updated) throw notFound('application', id);
      return { ...resolve(updated), ...signing, ...options };
    },

    /** "Deactivate SSO" / "Activate": the application and its settings stay. */
    async setApplicationActive(id: string, active: boolean): Promise<ResolvedApplication> {
      await requireApplication(id);
      const updated = await store.applications.update(id, { ssoActive: active }, clock.now());
      if (!updated) throw notFound('application', id);
      return resolve(updated);
    },

    async getApplication(
      id: string,
    ): Promise<ApplicationDetail & { groupIds: string[]; assertionEncryption: AssertionEncryptionSettings }> {
      const app = await requireApplication(id);
      return {
        ...resolve(app),
        ...(await requestSigningOf(id)),
        ...(await ssoOptionsOf(id)),
        groupIds: await store.applications.listBoundGroupIds(id),
        // Read-only here: changed with PUT /applications/{id}/assertion-encryption or the SSO tab.
        assertionEncryption: (await store.assertionEncryption.get(id)) ?? NO_ASSERTION_ENCRYPTION,
      };
    },

    findApplicationByName: async (name: string) => {
      const app = await store.applications.findByName(name);
      return app && resolve(app);
    },
    findApplication: async (id: string) => {
      const app = await store.applications.get(id);
      return app && resolve(app);
    },

    async listApplications(options: ListOptions): Promise<Page<ResolvedApplication>> {
      const page = await store.applications.list(options);
      return { ...page, items: page.items.map(resolve) };
    },

    async deleteApplication(id: string): Promise<void> {
      // Bindings (and parked sign-ins) go with it: ON DELETE CASCADE.
      if (!(await store.applications.delete(id))) throw notFound('application', id);
    },

    /** The article's bulk delete: the admin types how many applications are being deleted. */
    async deleteApplications(input: { ids: unknown; count: unknown }): Promise<{ deleted: number }> {
      const v = Validator.of(input);
      v.rejectUnknown(['ids', 'count']);
      const ids = v.input.ids;
      if (!Array.isArray(ids) || ids.length === 0 || ids.some((id) => typeof id !== 'string')) {
        v.problem('ids', 'must list the IDs of the applications to delete (at least one)');
      }
      v.done();
      const unique = [...new Set(ids as string[])];
      const count = typeof input.count === 'string' && /^\d+$/.test(input.count.trim()) ? Number(input.count) : input.count;
      if (count !== unique.length) {
        throw adminError('confirmation_mismatch', `Enter the number of the applications you are deleting (${unique.length}) to confirm.`, {
          details: [{ field: 'count', message: `must be ${unique.length}` }],
        });
      }
      // All or nothing: an unknown ID (404) or a failed delete leaves every application in place.
      await store.transaction(async (tx) => {
        for (const id of unique) if (!(await tx.applications.get(id))) throw notFound('application', id);
        for (const id of unique) if (!(await tx.applications.delete(id))) throw notFound('application', id);
      });
      return { deleted: unique.length };
    },

    async bindGroup(applicationId: string, groupId: string): Promise<void> {
      await requireApplication(applicationId);
      if (!(await store.groups.get(groupId))) throw notFound('group', groupId);
      await store.applications.bindGroup(applicationId, groupId);
    },

    async unbindGroup(applicationId: string, groupId: string): Promise<void> {
      await requireApplication(applicationId);
      if (!(await store.applications.unbindGroup(applicationId, groupId))) {
        throw adminError('not_found', `Group "${groupId}" is not bound to application "${applicationId}"`);
      }
    },

    /** The "User Groups" tab: exactly these groups are bound afterwards. */
    async setApplicationGroups(applicationId: string, groupIds: unknown): Promise<string[]> {
      await requireApplication(applicationId);
      const wanted = new Set((await requireGroups(groupIds, 'groupIds')).map((g) => g.id));
      // One transaction: a failure midway leaves the previous bindings, not half of the new ones.
      return store.transaction(async (tx) => {
        const bound = await tx.applications.listBoundGroupIds(applicationId);
        for (const g of bound) if (!wanted.has(g)) await tx.applications.unbindGroup(applicationId, g);
        for (const g of wanted) if (!bound.includes(g)) await tx.applications.bindGroup(applicationId, g);
        return tx.applications.listBoundGroupIds(applicationId);
      });
    },

    /** The group panel's "Applications" tab: exactly these applications are bound afterwards. */
    async setGroupApplications(groupId: string, applicationIds: unknown): Promise<string[]> {
      if (!(await store.groups.get(groupId))) throw notFound('group', groupId);
      const v = new Validator({});
      if (!Array.isArray(applicationIds) || applicationIds.some((id) => typeof id !== 'string')) {
        v.problem('applicationIds', 'must be a list of IDs');
      }
      v.done();
      const wanted = new Set(applicationIds as string[]);
      for (const id of wanted) await requireApplication(id);
      return store.transaction(async (tx) => {
        const bound = await tx.applications.listBoundApplicationIds(groupId);
        for (const a of bound) if (!wanted.has(a)) await tx.applications.unbindGroup(a, groupId);
        for (const a of wanted) if (!bound.includes(a)) await tx.applications.bindGroup(a, groupId);
        return tx.applications.listBoundApplicationIds(groupId);
      });
    },

    listGroupApplicationIds: (groupId: string) => store.applications.listBoundApplicationIds(groupId),

    /** The NameID formats and RelayState allow-list of an application (defaults when never set). */
    ssoOptions: ssoOptionsOf,

    /** The assertion's attributes (mappings + optional group attribute: the user's groups bound to the app). */
    async assertionAttributes(app: Application, user: User): Promise<SamlAttribute[]> {
      const out: SamlAttribute[] = app.attributes.map((a) => ({
        name: a.name,
        nameFormat: attributeNameFormatUri(a.nameFormat),
        ...(a.friendlyName ? { friendlyName: a.friendlyName } : {}),
        values: [a.source === 'constant' ? a.value : user[a.source]],
      }));
      if (app.groupAttribute) {
        const bound = new Set(await store.applications.listBoundGroupIds(app.id));
        const names: string[] = [];
        for (const gid of await store.groups.listGroupIdsOfUser(user.id)) {
          const g = bound.has(gid) ? await store.groups.get(gid) : undefined;
          if (g) names.push(g.name);
        }
        out.push({ name: app.groupAttribute, values: names.sort() });
      }
      return out;
    },
  };
}

export type ApplicationDirectory = ReturnType<typeof createApplicationDirectory>;
