// Reading an identity provider's metadata (saml-metadata §2.3.2 EntityDescriptor, §2.4.3 IDPSSODescriptor): the
// facts a service provider compares its settings with. Returns plain data; never a DOM.
import { NS } from './namespaces.js';
import { protocolError } from './protocol-errors.js';
import { attr, childElementsNS, firstChildNS, parseXml, textContent } from './xml/safe-parse.js';

/** What a service provider reads from IdP metadata. */
export interface IdpMetadataFacts {
  entityId: string;
  /** DER of each signing certificate, in document order. */
  signingCertificates: Buffer[];
  ssoLocations: string[];
}

const notIdpMetadata = (message: string) => protocolError('metadata_not_idp', message);

/** Reads the IdP facts from metadata XML; throws an error whose message a person can act on when it is not IdP metadata. */
export function readIdpMetadata(xml: string, maxBytes = 256 * 1024): IdpMetadataFacts {
  const doc = parseXml(xml, { maxBytes });
  const root = doc.documentElement;
  if (!root || root.namespaceURI !== NS.metadata || root.localName !== 'EntityDescriptor') {
    throw notIdpMetadata(
      `The document at the metadata URL is not SAML metadata (its root element is <${root?.localName}>, expected <md:EntityDescriptor>).`,
    );
  }
  const idp = firstChildNS(root, NS.metadata, 'IDPSSODescriptor');
  if (!idp) throw notIdpMetadata('The metadata describes no identity provider (no <md:IDPSSODescriptor>): check the metadata URL.');
  // saml-metadata §2.4.1.1: a KeyDescriptor without `use` serves both signing and encryption.
  const signingCertificates = childElementsNS(idp, NS.metadata, 'KeyDescriptor')
    .filter((kd) => (attr(kd, 'use') ?? 'signing') === 'signing')
    .flatMap((kd) => {
      const keyInfo = firstChildNS(kd, NS.ds, 'KeyInfo');
      const data = keyInfo ? childElementsNS(keyInfo, NS.ds, 'X509Data') : [];
      return data.flatMap((d) => childElementsNS(d, NS.ds, 'X509Certificate'));
    })
    .map((el) => Buffer.from((textContent(el) ?? '').replace(/\s+/g, ''), 'base64'))
    .filter((der) => der.length > 0);
  const ssoLocations = childElementsNS(idp, NS.metadata, 'SingleSignOnService')
    .map((el) => attr(el, 'Location') ?? '')
    .filter(Boolean);
  return { entityId: attr(root, 'entityID') ?? '', signingCertificates, ssoLocations };
}
