// A group's membership change cut into SCIM requests of at most `perRequest` members each, so a big group never
// needs one request body larger than an SP accepts (the SP here takes 1 MB of JSON; a 100,000-member group is about
// 2 MB). The first request carries the rename, if any; adds go before removals (RFC 7644 §3.5.2.1 `add` of members,
// §3.5.2.2 `remove` with a value filter, one operation per removed member). Each request says which members it adds
// and removes, so the caller can record the progress of the requests that succeeded.
import type { ScimPatchOp } from '@samlbridge/protocol';

export interface MemberRequest {
  ops: ScimPatchOp[];
  added: string[];
  removed: string[];
}

export function groupMemberRequests(change: { rename?: string; add: string[]; remove: string[] }, perRequest: number): MemberRequest[] {
  const size = Math.max(1, Math.floor(perRequest));
  const requests: MemberRequest[] = [];
  for (let i = 0; i < change.add.length; i += size) {
    const added = change.add.slice(i, i + size);
    requests.push({ ops: [{ op: 'add', path: 'members', value: added.map((value) => ({ value })) }], added, removed: [] });
  }
  for (let i = 0; i < change.remove.length; i += size) {
    const removed = change.remove.slice(i, i + size);
    requests.push({ ops: removed.map((id) => ({ op: 'remove', path: `members[value eq ${JSON.stringify(id)}]` })), added: [], removed });
  }
  if (change.rename !== undefined) {
    const rename: ScimPatchOp = { op: 'replace', path: 'displayName', value: change.rename };
    if (requests[0]) requests[0].ops.unshift(rename);
    else requests.push({ ops: [rename], added: [], removed: [] });
  }
  return requests;
}
