// POST /applications/{id}/attributes/standard-oids: the portal's "Use standard OIDs" button as an API action. The
// email / first name / last name / username attributes are renamed to their LDAP OIDs with NameFormat uri and a
// FriendlyName (saml-core §8.2.2, saml-profiles §8.2 X.500/LDAP attribute profile; services/sso-options.ts).
import { type ApiRoute, route } from '@samlbridge/web';
import { adminError } from '../../admin-errors.js';
import type { UpdateApplicationInput } from '../../services/directory-applications.js';
import { withStandardOids } from '../../services/sso-options.js';
import type { IdpDeps } from '../deps.js';
import { ApplicationDetail } from './schemas/applications.js';
import { ById, errors } from './schemas/common.js';

export function standardOidRoutes({ services }: IdpDeps): ApiRoute[] {
  const d = services.directory;
  return [
    route(
      'post',
      '/applications/:id/attributes/standard-oids',
      'Use standard OIDs: rename the mail, givenName, sn and uid attributes to urn:oid names with NameFormat uri and a FriendlyName; other attributes stay as they are',
      ById,
    ).ok(ApplicationDetail, 'The application with its renamed attributes', errors(404, 409), async ({ params }) => {
      const app = await d.getApplication(params.id);
      if (app.kind !== 'saml') {
        throw adminError(
          'not_saml_application',
          `${app.displayLabel} is a ${app.kind} application: it sends no SAML attributes, so there is nothing to rename.`,
        );
      }
      const { idpEntityIdOverride, ...updated } = await d.updateApplication(app.id, {
        attributes: withStandardOids(app.attributes),
      } as UpdateApplicationInput);
      return { ...updated, idpEntityIdIsDefault: idpEntityIdOverride === null };
    }),
  ];
}
