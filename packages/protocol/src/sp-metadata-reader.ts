// Reading a service provider's metadata (saml-metadata §2.3.1 EntitiesDescriptor, §2.3.2 EntityDescriptor, §2.4.4
// SPSSODescriptor): what an IdP's application needs. Returns plain data (certificates as PEM), never a DOM; every
// refusal says what the document is instead, in words a person can act on.
import type { Document, Element } from '@xmldom/xmldom';
import { derToPem } from './certificate.js';
import { NS } from './namespaces.js';
import { protocolError } from './protocol-errors.js';
import { attr, childElementsNS, firstChildNS, parseXml, textContent } from './xml/safe-parse.js';

/** saml-metadata §2.2.3 IndexedEndpointType. */
export interface SpAcsEndpoint {
  index: number;
  binding: string;
  location: string;
  isDefault: boolean;
}

/** saml-metadata §2.2.2 EndpointType. */
export interface SpSloEndpoint {
  binding: string;
  location: string;
  responseLocation: string | null;
}

export interface SpMetadataFacts {
  entityId: string;
  /** In document order. */
  assertionConsumerServices: SpAcsEndpoint[];
  singleLogoutServices: SpSloEndpoint[];
  /** PEM; a KeyDescriptor without `use` counts for both (saml-metadata §2.4.1.1). */
  signingCertificates: string[];
  encryptionCertificates: string[];
  /** PEM of the KeyDescriptors that say use="encryption" (the SP declares it decrypts), without the use-less ones. */
  declaredEncryptionCertificates: string[];
  nameIdFormats: string[];
  authnRequestsSigned: boolean;
  wantAssertionsSigned: boolean;
}

export interface ReadSpMetadataOptions {
  /** Which EntityDescriptor of an EntitiesDescriptor (required when it holds several service providers). */
  entityId?: string;
  maxBytes?: number;
}

function certificates(sp: Element, use: 'signing' | 'encryption', declaredOnly = false): string[] {
  return childElementsNS(sp, NS.metadata, 'KeyDescriptor')
    .filter((kd) => (attr(kd, 'use') ?? (declaredOnly ? undefined : use)) === use)
    .flatMap((kd) => {
      const keyInfo = firstChildNS(kd, NS.ds, 'KeyInfo');
      const data = keyInfo ? childElementsNS(keyInfo, NS.ds, 'X509Data') : [];
      return data.flatMap((d) => childElementsNS(d, NS.ds, 'X509Certificate'));
    })
    .map((el) => Buffer.from((textContent(el) ?? '').replace(/\s+/g, ''), 'base64'))
    .filter((der) => der.length > 0)
    .map((der) => derToPem(der));
}

/** Every EntityDescriptor of the document (an EntitiesDescriptor may nest others, saml-metadata §2.3.1). */
function entityDescriptors(el: Element): Element[] {
  if (el.namespaceURI === NS.metadata && el.localName === 'EntityDescriptor') return [el];
  return [...childElementsNS(el, NS.metadata, 'EntitiesDescriptor'), ...childElementsNS(el, NS.metadata, 'EntityDescriptor')].flatMap(
    entityDescriptors,
  );
}

/** Every entity ID of the service providers in the document (to let a person choose one). */
function spEntityIds(entities: Element[]): string[] {
  return entities.filter((e) => firstChildNS(e, NS.metadata, 'SPSSODescriptor')).map((e) => attr(e, 'entityID') ?? '');
}

export function readSpMetadata(xml: string, { entityId, maxBytes = 512 * 1024 }: ReadSpMetadataOptions = {}): SpMetadataFacts {
  let doc: Document;
  try {
    doc = parseXml(xml, { maxBytes });
  } catch (err) {
    throw protocolError('metadata_unreadable', `The document is not readable XML metadata: ${(err as Error).message}`);
  }
  const root = doc.documentElement;
  const isMetadata =
    root?.namespaceURI === NS.metadata && (root.localName === 'EntityDescriptor' || root.localName === 'EntitiesDescriptor');
  if (!root || !isMetadata) {
    throw protocolError(
      'metadata_not_metadata',
      `The document is not SAML metadata: its root element is <${root?.localName ?? '?'}>, expected <md:EntityDescriptor> or <md:EntitiesDescriptor>.`,
    );
  }
  const entities = entityDescriptors(root);
  const ids = spEntityIds(entities);
  let entity: Element | undefined;
  if (entityId !== undefined && entityId !== '') {
    entity = entities.find((e) => attr(e, 'entityID') === entityId);
    if (!entity)
      throw protocolError(
        'metadata_entity_not_found',
        `The metadata has no entity "${entityId}". Service providers in it: ${ids.join(', ') || 'none'}.`,
      );
  } else if (ids.length > 1) {
    throw protocolError(
      'metadata_choose_entity',
      `The metadata describes ${ids.length} service providers; choose one by its entity ID: ${ids.join(', ')}.`,
    );
  } else {
    entity = entities.find((e) => firstChildNS(e, NS.metadata, 'SPSSODescriptor')) ?? entities[0];
  }
  const sp = entity && firstChildNS(entity, NS.metadata, 'SPSSODescriptor');
  if (!entity || !sp) {
    const idp = entity && firstChildNS(entity, NS.metadata, 'IDPSSODescriptor');
    throw protocolError(
      'metadata_not_sp',
      idp
        ? "This is identity provider metadata (it has an <md:IDPSSODescriptor> and no <md:SPSSODescriptor>): import the service provider's metadata instead."
        : 'The metadata describes no service provider (no <md:SPSSODescriptor>).',
    );
  }
  const assertionConsumerServices = childElementsNS(sp, NS.metadata, 'AssertionConsumerService').map((el, i) => {
    const index = Number.parseInt(attr(el, 'index') ?? `${i}`, 10);
    return {
      index: Number.isFinite(index) && index >= 0 ? index : i,
      binding: attr(el, 'Binding') ?? '',
      location: attr(el, 'Location') ?? '',
      isDefault: attr(el, 'isDefault') === 'true' || attr(el, 'isDefault') === '1',
    };
  });
  if (assertionConsumerServices.length === 0) {
    throw protocolError(
      'metadata_no_acs',
      'The service provider metadata lists no AssertionConsumerService: there is nowhere to send the Response.',
    );
  }
  const singleLogoutServices = childElementsNS(sp, NS.metadata, 'SingleLogoutService').map((el) => ({
    binding: attr(el, 'Binding') ?? '',
    location: attr(el, 'Location') ?? '',
    responseLocation: attr(el, 'ResponseLocation') ?? null,
  }));
  const flag = (name: string) => ['true', '1'].includes(attr(sp, name) ?? '');
  return {
    entityId: attr(entity, 'entityID') ?? '',
    assertionConsumerServices,
    singleLogoutServices,
    signingCertificates: certificates(sp, 'signing'),
    encryptionCertificates: certificates(sp, 'encryption'),
    declaredEncryptionCertificates: certificates(sp, 'encryption', true),
    nameIdFormats: childElementsNS(sp, NS.metadata, 'NameIDFormat')
      .map((el) => (textContent(el) ?? '').trim())
      .filter(Boolean),
    authnRequestsSigned: flag('AuthnRequestsSigned'),
    wantAssertionsSigned: flag('WantAssertionsSigned'),
  };
}
