// The schemas the OpenAPI document names under #/components/schemas (referenced wherever they are used).
import type { TSchema } from '@sinclair/typebox';
import * as applications from './applications.js';
import * as bindings from './bindings.js';
import { ApiError } from './common.js';
import * as events from './events.js';
import * as groups from './groups.js';
import * as idm from './identity-management.js';
import * as invitations from './invitations.js';
import * as singleLogout from './single-logout.js';
import * as users from './users.js';

export const COMPONENTS: Record<string, TSchema> = {
  Error: ApiError,
  User: users.User,
  UserInput: users.UserInput,
  UserPatch: users.UserPatch,
  Invitation: invitations.Invitation,
  InvitationsInput: invitations.InvitationsInput,
  InvitationList: invitations.InvitationList,
  Group: groups.Group,
  GroupDetail: groups.GroupDetail,
  GroupInput: groups.GroupInput,
  GroupPatch: groups.GroupPatch,
  GroupIds: bindings.GroupIds,
  ApplicationIds: bindings.ApplicationIds,
  AttributeMapping: applications.AttributeMapping,
  ApplicationInput: applications.ApplicationInput,
  ApplicationPatch: applications.ApplicationPatch,
  Application: applications.Application,
  ApplicationDetail: applications.ApplicationDetail,
  CatalogEntry: applications.CatalogEntry,
  Certificate: applications.Certificate,
  Event: events.Event,
  IdmSettings: idm.IdmSettings,
  IdmIntegration: idm.IdmIntegration,
  UserSyncStatus: idm.UserSyncStatus,
  RemoteUser: idm.RemoteUser,
  ImportResult: idm.ImportResult,
  Notification: idm.Notification,
  SingleLogoutSettings: singleLogout.SingleLogoutSettings,
  EndedUserSessions: singleLogout.EndedUserSessions,
};
