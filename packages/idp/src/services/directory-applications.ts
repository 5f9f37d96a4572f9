import { NAMEID_FORMAT, SamlbridgeError, type SignatureAlgorithm, type SigningMode } from '@samlbridge/protocol';
import type { Clock } from '@samlbridge/web';
import {
  type Application,
  type AttributeNames,
  DEFAULT_ATTRIBUTE_NAMES,
  type NameIdSource,
  type Page,
  type ResolvedApplication,
} from '../domain.js';
import type { ApplicationPatch, ListOptions, Store } from '../store/types.js';
import { newId } from './directory-users.js';
import { APP_NAME, conflict, notFound, Validator } from './validation.js';

export interface CreateApplicationInput {
  name: string;
  displayLabel?: string;
  description?: string;
  idpEntityId?: string | null;
  spEntityId: string;
  acsUrls: string[];
  defaultRelayState?: string;
  nameIdSource?: NameIdSource;
  nameIdFormat?: string;
  signing?: SigningMode;
  signatureAlgorithm?: SignatureAlgorithm;
  attributeNames?: Partial<AttributeNames>;
  ssoActive?: boolean;
}

export type UpdateApplicationInput = Partial<Omit<CreateApplicationInput, 'name'>>;

const FIELDS = [
  'name',
  'displayLabel',
  'description',
  'idpEntityId',
  'spEntityId',
  'acsUrls',
  'defaultRelayState',
  'nameIdSource',
  'nameIdFormat',
  'signing',
  'signatureAlgorithm',
  'attributeNames',
  'ssoActive',
];
const NAME_ID_SOURCES: readonly NameIdSource[] = ['username', 'email', 'id'];
const NAME_ID_FORMATS = Object.values(NAMEID_FORMAT);
const SIGNING: readonly SigningMode[] = ['both', 'assertion', 'response'];
const ALGORITHMS: readonly SignatureAlgorithm[] = ['rsa-sha256', 'rsa-sha512', 'rsa-sha1'];
const MAX_ACS_URLS = 20;
/** saml-bindings §3.4.3 / §3.5.3: RelayState "MUST NOT exceed 80 bytes"; we keep room but cap it. */
export const MAX_RELAY_STATE_BYTES = 1024;

function readAcsUrls(v: Validator, required: boolean): string[] | undefined {
  const value = v.input.acsUrls;
  if (value === undefined) {
    if (required) v.problem('acsUrls', 'is required (a list with at least one ACS URL; the first is the default)');
    return undefined;
  }
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_ACS_URLS) {
    v.problem('acsUrls', `must be a list of 1 to ${MAX_ACS_URLS} URLs (the first is the default)`);
    return undefined;
  }
  const urls: string[] = [];
  for (const [i, item] of value.entries()) {
    if (typeof item !== 'string') {
      v.problem(`acsUrls[${i}]`, 'must be a string');
      continue;
    }
    const url = v.checkUrl(`acsUrls[${i}]`, item.trim());
    if (url) urls.push(url);
  }
  if (new Set(urls).size !== urls.length) v.problem('acsUrls', 'must not repeat a URL');
  return urls.length === value.length ? urls : undefined;
}

function readAttributeNames(v: Validator): AttributeNames | undefined {
  const value = v.input.attributeNames;
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    v.problem('attributeNames', 'must be an object like {"username": "Username", …}');
    return undefined;
  }
  const out: AttributeNames = { ...DEFAULT_ATTRIBUTE_NAMES };
  for (const [k, name] of Object.entries(value)) {
    if (!(k in DEFAULT_ATTRIBUTE_NAMES)) v.problem(`attributeNames.${k}`, 'is not a user property (username, firstName, lastName, email)');
    else if (typeof name !== 'string' || name.trim() === '' || name.length > 256)
      v.problem(`attributeNames.${k}`, 'must be a non-empty name');
    else out[k as keyof AttributeNames] = name.trim();
  }
  return out;
}

function readFields(v: Validator, creating: boolean) {
  const idpEntityId = v.input.idpEntityId === null ? null : v.string('idpEntityId', { max: 1024 });
  const relay = v.string('defaultRelayState', { max: MAX_RELAY_STATE_BYTES });
  return {
    displayLabel: v.string('displayLabel', { max: 200 }),
    description: v.string('description', { max: 2000 }),
    idpEntityIdOverride: idpEntityId === '' ? null : idpEntityId,
    spEntityId: v.string('spEntityId', { required: creating, max: 1024 }),
    acsUrls: readAcsUrls(v, creating),
    defaultRelayState: relay,
    nameIdSource: v.oneOf('nameIdSource', NAME_ID_SOURCES),
    nameIdFormat: v.oneOf('nameIdFormat', NAME_ID_FORMATS),
    signing: v.oneOf('signing', SIGNING),
    signatureAlgorithm: v.oneOf('signatureAlgorithm', ALGORITHMS),
    attributeNames: readAttributeNames(v),
    ssoActive: v.boolean('ssoActive'),
  };
}

export function createApplicationDirectory(store: Store, clock: Clock, baseUrl: string) {
  function resolve(app: Application): ResolvedApplication {
    const ssoUrl = `${baseUrl}/saml2/${app.name}`;
    // Default IdP entity ID: the application's SSO IdP URL (unique per application, like JumpCloud's per-app URLs).
    return { ...app, idpEntityId: app.idpEntityIdOverride ?? ssoUrl, ssoUrl, metadataUrl: `${ssoUrl}/metadata` };
  }

  async function requireApplication(id: string): Promise<Application> {
    const app = await store.applications.get(id);
    if (!app) throw notFound('application', id);
    return app;
  }

  return {
    resolveApplication: resolve,

    async createApplication(input: CreateApplicationInput): Promise<ResolvedApplication> {
      const v = Validator.of(input);
      v.rejectUnknown(FIELDS);
      const name = v.string('name', {
        required: true,
        max: 63,
        pattern: APP_NAME,
        hint: 'must be a URL slug: lowercase letters, digits and "-" (it becomes /saml2/{name})',
      });
      const f = readFields(v, true);
      v.done();
      if (await store.applications.findByName(name!)) throw conflict('name', `An application named "${name}" already exists`);
      const now = clock.now();
      const app: Application = {
        id: newId(),
        name: name!,
        displayLabel: f.displayLabel || name!,
        description: f.description ?? '',
        idpEntityIdOverride: f.idpEntityIdOverride ?? null,
        spEntityId: f.spEntityId!,
        acsUrls: f.acsUrls!,
        defaultRelayState: f.defaultRelayState ?? '',
        nameIdSource: f.nameIdSource ?? 'username',
        nameIdFormat: f.nameIdFormat ?? NAMEID_FORMAT.unspecified,
        signing: f.signing ?? 'both',
        signatureAlgorithm: f.signatureAlgorithm ?? 'rsa-sha256',
        attributeNames: f.attributeNames ?? { ...DEFAULT_ATTRIBUTE_NAMES },
        ssoActive: f.ssoActive ?? true,
        createdAt: now,
        updatedAt: now,
      };
      await store.applications.insert(app);
      return resolve(app);
    },

    async updateApplication(id: string, input: UpdateApplicationInput): Promise<ResolvedApplication> {
      const current = await requireApplication(id);
      const v = Validator.of(input);
      const { name } = v.input;
      if (name !== undefined && name !== current.name) {
        // Like JumpCloud's SSO IdP URL: SPs already point at /saml2/{name}.
        throw new SamlbridgeError(
          'name_immutable',
          'The application name (its SSO IdP URL /saml2/{name}) cannot be changed after creation. Delete the application and create it again with the new name.',
          { status: 409, details: [{ field: 'name', message: 'cannot be changed after creation' }] },
        );
      }
      v.rejectUnknown(FIELDS);
      const f = readFields(v, false);
      if (v.has('displayLabel') && f.displayLabel === '') v.problem('displayLabel', 'must not be empty');
      v.done();
      const patch: ApplicationPatch = {};
      for (const [k, value] of Object.entries(f)) if (value !== undefined) (patch as Record<string, unknown>)[k] = value;
      const updated = await store.applications.update(id, patch, clock.now());
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
      if (!(await store.applications.delete(id))) throw notFound('application', id);
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
  };
}

export type ApplicationDirectory = ReturnType<typeof createApplicationDirectory>;
