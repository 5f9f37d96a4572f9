// Which LMS accounts single sign-on may sign in as (and re-sync). An account is managed by the identity
// provider when SSO created it just in time or SCIM provisioned it (`createdVia` `sso` | `scim`). The Super
// Admin (the configured SP_ADMIN_USER login, reserved even before that account exists) and accounts created
// locally are the LMS's own: SSO never signs anyone in as them and never changes them.
import type { LmsUser } from '../store/types.js';

/** The configured Super Admin login, compared as the store compares logins: case-insensitively. */
export function isSuperAdminLogin(login: string, adminUser: string): boolean {
  return login.trim().toLowerCase() === adminUser.trim().toLowerCase();
}

/** Whether SSO may sign in as this account and copy the identity provider's profile onto it. */
export function isSsoManaged(user: LmsUser, adminUser: string): boolean {
  return (
    user.role !== 'superadmin' && (user.createdVia === 'sso' || user.createdVia === 'scim') && !isSuperAdminLogin(user.login, adminUser)
  );
}
