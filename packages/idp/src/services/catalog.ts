// The application catalog ("+ Add New Application → search"): templates an application starts from.
import { NAMEID_FORMAT } from '@samlbridge/protocol';
import { type ApplicationKind, type AttributeMapping, DEFAULT_ATTRIBUTES } from '../domain.js';

export interface CatalogEntry {
  id: string;
  kind: ApplicationKind;
  /** Default display label. */
  label: string;
  /** The application's starting description: shown to people on their user console tile, so no technical terms. */
  description: string;
  /** What the admin needs to know when choosing it (protocol, how users are matched): the catalog only. */
  details: string;
  /** Bundled icon (`icon:<name>`). */
  image: string;
  /** Suggested `{applicationname}` of the SSO IdP URL. */
  suggestedName: string;
  /** SSO settings the application starts with (may hold YOURDOMAIN / SUBDOMAIN placeholders). */
  defaults: {
    spEntityId: string;
    acsUrls: string[];
    defaultRelayState: string;
    nameIdSource: 'username' | 'email' | 'id';
    nameIdFormat: string;
    attributes: AttributeMapping[];
    bookmarkUrl: string | null;
  };
}

/** Placeholders the TalentLMS template carries until the admin enters the tenant's values. */
export const PLACEHOLDER = /YOURDOMAIN|SUBDOMAIN/;

const EMPTY_SAML: CatalogEntry['defaults'] = {
  spEntityId: '',
  acsUrls: [],
  defaultRelayState: '',
  nameIdSource: 'username',
  nameIdFormat: NAMEID_FORMAT.unspecified,
  attributes: [],
  bookmarkUrl: null,
};

export const CATALOG: readonly CatalogEntry[] = [
  {
    id: 'talentlms',
    kind: 'saml',
    label: 'TalentLMS',
    description: 'Online courses and training.',
    details: 'Cloud learning management system. SAML 2.0 single sign-on; users are matched by username (TargetedID).',
    image: 'icon:book',
    suggestedName: 'talentlms',
    defaults: {
      // The entity ID the TalentLMS SSO page shows: the bare host name (SimpleSAMLphp's auth source), not a URL.
      spEntityId: 'YOURDOMAIN.talentlms.com',
      acsUrls: ['https://YOURDOMAIN.talentlms.com/simplesaml/module.php/saml/sp/saml2-acs.php/SUBDOMAIN.talentlms.com'],
      defaultRelayState: '',
      nameIdSource: 'username',
      nameIdFormat: NAMEID_FORMAT.unspecified,
      attributes: DEFAULT_ATTRIBUTES.map((a) => ({ ...a })),
      bookmarkUrl: null,
    },
  },
  {
    id: 'talentlms-bookmark',
    kind: 'bookmark',
    label: 'TalentLMS (Bookmark)',
    description: 'Online courses and training.',
    details: "A user console tile that opens TalentLMS's SAML sign-in page (SP-initiated), no SSO settings.",
    image: 'icon:book',
    suggestedName: 'talentlms-bookmark',
    defaults: { ...EMPTY_SAML, bookmarkUrl: 'https://YOURDOMAIN.talentlms.com/index/ssologin/service:saml' },
  },
  {
    id: 'custom-saml',
    kind: 'saml',
    label: 'Custom SAML App',
    description: '',
    details: 'Any SAML 2.0 service provider: enter its entity ID, ACS URL and attributes yourself.',
    image: 'icon:key',
    suggestedName: '',
    defaults: { ...EMPTY_SAML, attributes: DEFAULT_ATTRIBUTES.map((a) => ({ ...a })) },
  },
  {
    id: 'bookmark',
    kind: 'bookmark',
    label: 'Bookmark',
    description: '',
    details: 'A user console tile with a link (no single sign-on).',
    image: 'icon:link',
    suggestedName: '',
    defaults: { ...EMPTY_SAML, bookmarkUrl: '' },
  },
];

export function findCatalogEntry(id: string): CatalogEntry | undefined {
  return CATALOG.find((c) => c.id === id);
}

/** Case-insensitive search on label, id, description and details (the catalog's Search field). */
export function searchCatalog(query = ''): CatalogEntry[] {
  const q = query.trim().toLowerCase();
  if (!q) return [...CATALOG];
  return CATALOG.filter((c) => `${c.label} ${c.id} ${c.description} ${c.details}`.toLowerCase().includes(q));
}
