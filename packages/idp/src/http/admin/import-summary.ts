// The flash message after a manual import: counts, the failures with their reason, the names imported, and what
// the admin does next (imported users have no password here, and sign in to the application only once they are in
// a group bound to it: Identity Management "Importing Users").
import type { ImportResult } from '../../provisioning/importer.js';

const MAX_NAMES = 20;

function names(list: string[]): string {
  const shown = list.slice(0, MAX_NAMES).join(', ');
  return list.length > MAX_NAMES ? `${shown} and ${list.length - MAX_NAMES} more` : shown;
}

export function importSummary(results: readonly ImportResult[], application: string, boundGroups: readonly string[]): string {
  const imported = results.filter((r) => r.outcome === 'imported').map((r) => r.userName ?? r.remoteId);
  const failed = results.filter((r) => r.outcome === 'failed');
  let message = `${imported.length} imported, ${failed.length} failed${
    failed.length ? `: ${failed.map((f) => `${f.userName ?? f.remoteId} (${f.error})`).join('; ')}` : ''
  }.`;
  if (imported.length === 0) return message;
  const groups = boundGroups.length
    ? `add them to ${boundGroups.length === 1 ? 'the group' : 'a group'} bound to ${application} (${boundGroups.join(', ')}) in Groups`
    : `bind a group to ${application} in its User Groups tab and add them to it`;
  message += ` Imported: ${names(imported)}. Next: ${groups}, so they can sign in to ${application}; they have no password here yet: create their invitation links below (or one on each user's page in Users).`;
  return message;
}
