// How the LMS names a user on its pages. First and last name are optional (SCIM may leave them unassigned,
// RFC 7644 §3.5.2.2), so a user without them is shown by the next name they have, never by an empty cell.
import type { LmsUser } from '../store/types.js';

/** "First Last"; without both, SCIM name.formatted, then displayName, then the username. */
export function displayNameOf(u: Pick<LmsUser, 'firstName' | 'lastName' | 'formattedName' | 'displayName' | 'login'>): string {
  return `${u.firstName} ${u.lastName}`.trim() || u.formattedName.trim() || u.displayName.trim() || u.login;
}
