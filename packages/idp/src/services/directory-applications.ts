import { type SamlAttribute, SamlbridgeError } from '@samlbridge/protocol';
import type { Clock } from '@samlbridge/web';
import type { Application, Group, Page, ResolvedApplication, User } from '../domain.js';
import type { ApplicationPatch, ListOptions, Store } from '../store/types.js';
import {
  CREATE_FIELDS,
  type CreateApplicationInput,
  EDIT_FIELDS,
  placeholderFields,
  readApplicationFields,
  SSO_FIELDS,
  slugify,
  type UpdateApplicationInput,
} from './application-input.js';
import { CATALOG, findCatalogEntry } from './catalog.js';
import { newId } from './directory-users.js';
import { APP_NAME, notFound, Validator } from './validation.js';

export type { CreateApplicationInput, UpdateApplicationInput } from './application-input.js';
export { MAX_RELAY_STATE_BYTES } from './application-input.js';

export const SSO_URL_IMMUTABLE_MESSAGE =
  "The SSO IdP URL can't be changed after the application is created: delete the application and create it again.";

function placeholdersRemain(fields: string[]): SamlbridgeError {
  return new SamlbridgeError(
    'placeholders_remain',
    `Replace YOURDOMAIN and SUBDOMAIN with your TalentLMS values before saving. Still holding a placeholder: ${fields.join(', ')}.`,
    { status: 400, details: fields.map((field) => ({ field, message: 'still holds a YOURDOMAIN or SUBDOMAIN placeholder' })) },
  );
}

export function createApplicationDirectory(store: Store, clock: Clock, baseUrl: string) {
  const ssoPrefix = `${baseUrl}/saml2/`;

  function resolve(app: Application): ResolvedApplication {
    const ssoUrl = `${ssoPrefix}${app.name}`;
    // Default IdP entity ID: the application's SSO IdP URL (unique per application, like JumpCloud's per-app URLs).
    return { ...app, idpEntityId: app.idpEntityIdOverride ?? ssoUrl, ssoUrl, metadataUrl: `${ssoUrl}/metadata` };
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

    async createApplication(input: CreateApplicationInput): Promise<ResolvedApplication> {
      const v = Validator.of(input);
      v.rejectUnknown(CREATE_FIELDS);
      const catalogId = v.string('catalog', { max: 100 }) || 'custom-saml';
      const entry = findCatalogEntry(catalogId);
      if (!entry) v.problem('catalog', `must be one of: ${CATALOG.map((c) => c.id).join(', ')}`);
      const explicitName = requestedName(v);
      const f = readApplicationFields(v);
      if (entry && !f.displayLabel && !entry.label) v.problem('displayLabel', 'is required');
      if (entry?.kind === 'bookmark' && v.has('bookmarkUrl') && !f.bookmarkUrl) v.problem('bookmarkUrl', 'is required for a bookmark');
      v.done();
      const template = entry!;
      const displayLabel = f.displayLabel || template.label;
      if (explicitName && (await store.applications.findByName(explicitName))) {
        throw new SamlbridgeError('conflict', `An application with the SSO IdP URL ${ssoPrefix}${explicitName} already exists`, {
          status: 409,
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
      await store.applications.insert(app);
      return resolve(app);
    },

    async updateApplication(id: string, input: UpdateApplicationInput): Promise<ResolvedApplication> {
      const current = await requireApplication(id);
      const v = Validator.of(input);
      const { name, ssoUrl } = v.input;
      if ((name !== undefined && name !== current.name) || (ssoUrl !== undefined && ssoUrl !== `${ssoPrefix}${current.name}`)) {
        // Like JumpCloud's SSO IdP URL: SPs already point at /saml2/{name}.
        throw new SamlbridgeError('sso_url_immutable', SSO_URL_IMMUTABLE_MESSAGE, {
          status: 409,
          details: [{ field: name !== undefined ? 'name' : 'ssoUrl', message: 'cannot be changed after creation' }],
        });
      }
      v.rejectUnknown(EDIT_FIELDS);
      const f = readApplicationFields(v);
      if (current.kind === 'bookmark') {
        for (const k of SSO_FIELDS) if (k !== 'bookmarkUrl' && v.has(k)) v.problem(k, 'does not apply to a bookmark application');
        if (v.has('bookmarkUrl') && !f.bookmarkUrl) v.problem('bookmarkUrl', 'is required for a bookmark');
      } else if (v.has('bookmarkUrl')) v.problem('bookmarkUrl', 'only applies to bookmark applications');
      v.done();
      const { idpEntityId, bookmarkUrl, ...rest } = f;
      const patch: ApplicationPatch = {};
      for (const [k, value] of Object.entries(rest)) if (value !== undefined) (patch as Record<string, unknown>)[k] = value;
      if (idpEntityId !== undefined) patch.idpEntityIdOverride = idpEntityId;
      if (bookmarkUrl !== undefined) patch.bookmarkUrl = bookmarkUrl;
      // Saving SSO settings: refused while any template placeholder remains, naming each field.
      if (SSO_FIELDS.some((k) => v.has(k))) {
        const remaining = placeholderFields({ ...current, ...patch });
        if (remaining.length) throw placeholdersRemain(remaining);
      }
      const updated = await store.applications.update(id, patch, clock.now());
      if (!updated) throw notFound('application', id);
      return resolve(updated);
    },

    /** "Deactivate SSO" / "Activate": the application and its settings stay. */
    async setApplicationActive(id: string, active: boolean): Promise<ResolvedApplication> {
      await requireApplication(id);
      const updated = await store.applications.update(id, { ssoActive: active }, clock.now());
      if (!updated) throw notFound('application', id);
      return resolve(updated);
    },

    async getApplication(id: string): Promise<ResolvedApplication & { groupIds: string[] }> {
      const app = await requireApplication(id);
      return { ...resolve(app), groupIds: await store.applications.listBoundGroupIds(id) };
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
        throw new SamlbridgeError(
          'confirmation_mismatch',
          `Enter the number of the applications you are deleting (${unique.length}) to confirm.`,
          { status: 400, details: [{ field: 'count', message: `must be ${unique.length}` }] },
        );
      }
      for (const id of unique) await requireApplication(id);
      for (const id of unique) await store.applications.delete(id);
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
        throw new SamlbridgeError('not_found', `Group "${groupId}" is not bound to application "${applicationId}"`, { status: 404 });
      }
    },

    /** The "User Groups" tab: exactly these groups are bound afterwards. */
    async setApplicationGroups(applicationId: string, groupIds: unknown): Promise<string[]> {
      await requireApplication(applicationId);
      const wanted = new Set((await requireGroups(groupIds, 'groupIds')).map((g) => g.id));
      const bound = await store.applications.listBoundGroupIds(applicationId);
      for (const g of bound) if (!wanted.has(g)) await store.applications.unbindGroup(applicationId, g);
      for (const g of wanted) if (!bound.includes(g)) await store.applications.bindGroup(applicationId, g);
      return store.applications.listBoundGroupIds(applicationId);
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
      const bound = await store.applications.listBoundApplicationIds(groupId);
      for (const a of bound) if (!wanted.has(a)) await store.applications.unbindGroup(a, groupId);
      for (const a of wanted) if (!bound.includes(a)) await store.applications.bindGroup(a, groupId);
      return store.applications.listBoundApplicationIds(groupId);
    },

    listGroupApplicationIds: (groupId: string) => store.applications.listBoundApplicationIds(groupId),

    /** The assertion's attributes (mappings + optional group attribute: the user's groups bound to the app). */
    async assertionAttributes(app: Application, user: User): Promise<SamlAttribute[]> {
      const out: SamlAttribute[] = app.attributes.map((a) => ({
        name: a.name,
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
