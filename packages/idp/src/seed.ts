import type { Idp } from './create-idp.js';
import type { ResolvedApplication } from './domain.js';

export interface SeedOptions {
  /** e.g. http://localhost:5000 */
  spBaseUrl: string;
  /** The SP's entity ID (TalentLMS: the tenant host). */
  spEntityId: string;
  /** The SP's ACS URL. */
  spAcsUrl: string;
}

/** The demo application (as callers wire it into the SP), plus what the seed created. */
export type SeedResult = ResolvedApplication & {
  seeded: { groupId: string; userId: string; created: Array<'admin' | 'application' | 'group' | 'user'> };
};

export const DEMO_APPLICATION = 'talentlms';
export const DEMO_GROUP = 'TalentLMS Users';

/**
 * The demo directory, through the services layer: the admin, the `talentlms` application wired to
 * the SP, the group `TalentLMS Users` bound to it, and the demo user in that group. Idempotent:
 * existing records are left as they are.
 */
export async function seedDemo(idp: Idp, { spBaseUrl, spEntityId, spAcsUrl }: SeedOptions): Promise<SeedResult> {
  const { config, services } = idp;
  const d = services.directory;
  const created: SeedResult['seeded']['created'] = [];

  // createIdp already bootstraps the admin; this only reports it for a fresh store.
  if ((await services.admins.ensureAdmin(config.adminEmail, config.adminPassword)).created) created.push('admin');

  let application = await d.findApplicationByName(DEMO_APPLICATION);
  if (!application) {
    application = await d.createApplication({
      catalog: 'talentlms',
      name: DEMO_APPLICATION,
      displayLabel: 'TalentLMS',
      description: 'Learning management system',
      spEntityId,
      acsUrls: [spAcsUrl],
      defaultRelayState: `${spBaseUrl.replace(/\/+$/, '')}/`,
    });
    created.push('application');
  }

  let group = await d.findGroupByName(DEMO_GROUP);
  if (!group) {
    group = await d.createGroup({ name: DEMO_GROUP, description: 'People who may sign in to TalentLMS' });
    created.push('group');
  }
  await d.bindGroup(application.id, group.id);

  let user = await d.findUserByUsername(config.demoUser);
  if (!user) {
    user = await d.createUser({
      username: config.demoUser,
      email: `${config.demoUser.replace(/[^A-Za-z0-9._+-]/g, '')}@example.com`,
      firstName: 'Demo',
      lastName: 'User',
      password: config.demoPassword,
    });
    created.push('user');
  }
  await d.addMember(group.id, user.id);

  return { ...application, seeded: { groupId: group.id, userId: user.id, created } };
}
