// The SSO tab posts every field at once: a test that changes one setting sends the others as saved.
import type { ResolvedApplication } from '../../src/domain.js';

/**
 * The SSO tab's fields as `app` has them saved, plus `extra`. `attributeNames`: also each attribute's NameFormat
 * and FriendlyName (the tab's "attribute names" columns; left out, the form keeps them as they are).
 */
export function ssoTabPairs(app: ResolvedApplication, extra: [string, string][], { attributeNames = false } = {}): [string, string][] {
  return [
    ['spEntityId', app.spEntityId],
    ['acsUrls', app.acsUrls.join('\n')],
    ['defaultRelayState', app.defaultRelayState],
    ['nameIdSource', app.nameIdSource],
    ['nameIdFormat', app.nameIdFormat],
    ['signing', app.signing],
    ['signatureAlgorithm', app.signatureAlgorithm],
    ...app.attributes.flatMap((a): [string, string][] => [
      ['attrName', a.name],
      ['attrSource', a.source],
      ['attrValue', a.source === 'constant' ? a.value : ''],
      ...(attributeNames
        ? ([
            ['attrNameFormat', a.nameFormat ?? 'basic'],
            ['attrFriendlyName', a.friendlyName ?? ''],
          ] as [string, string][])
        : []),
    ]),
    ...extra,
  ];
}
