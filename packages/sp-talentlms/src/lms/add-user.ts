// "Add user" (TalentLMS Users → Add user): the Super Admin creates an account by hand, as the integration
// article presumes before the IdP's import step. The admin chooses how the person signs in:
// - single sign-on: the account is the identity provider's to manage (like one SSO or SCIM created), so SSO may
//   sign in as it and re-sync it; it has no password here;
// - password: a local account (SSO never signs in as it; sso-managed.ts), with the password the admin sets.
import { type Clock, hashPassword } from '@samlbridge/web';
import type { FieldProblem } from '../sso/settings.js';
import { type LmsUser, type Store, UniqueViolation } from '../store/types.js';
import { isSuperAdminLogin } from './sso-managed.js';

export interface NewUserForm {
  login: string;
  email: string;
  firstName: string;
  lastName: string;
  signIn: 'sso' | 'password';
  password: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Every problem of the form at once, each tied to its field. */
export function validateNewUser(f: NewUserForm, adminUser: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!/^[^\s]{1,100}$/.test(f.login))
    problems.push({ field: 'login', message: 'Enter a username of 1 to 100 characters, without spaces.' });
  else if (isSuperAdminLogin(f.login, adminUser)) problems.push({ field: 'login', message: 'This username belongs to the Super Admin.' });
  if (f.email.length > 254 || !EMAIL.test(f.email))
    problems.push({ field: 'email', message: 'Enter an email address like name@example.com.' });
  if (!f.firstName.trim() || f.firstName.length > 100)
    problems.push({ field: 'firstName', message: 'Enter a first name (up to 100 characters).' });
  if (!f.lastName.trim() || f.lastName.length > 100)
    problems.push({ field: 'lastName', message: 'Enter a last name (up to 100 characters).' });
  if (f.signIn === 'password' && (f.password.length < 8 || f.password.length > 1024)) {
    problems.push({ field: 'password', message: 'Enter a password of at least 8 characters, or choose single sign-on.' });
  }
  return problems;
}

export class NewUserProblems extends Error {
  constructor(readonly problems: FieldProblem[]) {
    super(problems.map((p) => p.message).join(' '));
  }
}

/** Creates the account, or throws NewUserProblems (a taken username or email included). */
export async function addUser(
  store: Store,
  clock: Clock,
  adminUser: string,
  tenant: string,
  f: NewUserForm,
  passwordHashCost?: number,
): Promise<LmsUser> {
  const problems = validateNewUser(f, adminUser);
  if (problems.length) throw new NewUserProblems(problems);
  const passwordHash = f.signIn === 'password' ? await hashPassword(f.password, passwordHashCost) : null;
  try {
    return await store.users.create(
      {
        tenant,
        login: f.login,
        email: f.email,
        firstName: f.firstName.trim(),
        lastName: f.lastName.trim(),
        role: 'learner',
        createdVia: f.signIn === 'sso' ? 'sso' : 'local',
        passwordHash,
      },
      clock.now(),
    );
  } catch (err) {
    if (err instanceof UniqueViolation && err.field === 'login') {
      throw new NewUserProblems([{ field: 'login', message: 'Another user (perhaps in the trash) already has this username.' }]);
    }
    if (err instanceof UniqueViolation && err.field === 'email') {
      throw new NewUserProblems([{ field: 'email', message: 'Another user (perhaps in the trash) already has this email address.' }]);
    }
    throw err;
  }
}
