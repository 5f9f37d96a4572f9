import type { SamlbridgeError } from '@samlbridge/errors';
import { adminError } from '../admin-errors.js';

export interface FieldProblem {
  field: string;
  message: string;
}

/** Collects every field problem, then throws one 400 `validation_failed` listing them all. */
export class Validator {
  readonly problems: FieldProblem[] = [];

  constructor(readonly input: Record<string, unknown>) {}

  static of(input: unknown): Validator {
    if (input === null || typeof input !== 'object' || Array.isArray(input)) {
      throw adminError('validation_failed', 'The request body must be a JSON object', {
        details: [{ field: '(body)', message: 'expected a JSON object' }],
      });
    }
    return new Validator(input as Record<string, unknown>);
  }

  has(field: string): boolean {
    return this.input[field] !== undefined;
  }

  problem(field: string, message: string): void {
    this.problems.push({ field, message });
  }

  string(field: string, { required = false, notBlank = false, min = 0, max = 256, pattern, hint }: StringRule = {}): string | undefined {
    const value = this.input[field];
    if (value === undefined || value === null) {
      if (required) this.problem(field, 'is required');
      return undefined;
    }
    if (typeof value !== 'string') {
      this.problem(field, 'must be a string');
      return undefined;
    }
    const v = value.trim();
    if ((required || notBlank) && v.length === 0) this.problem(field, 'must not be empty');
    else if (v.length < min) this.problem(field, `must be at least ${min} characters`);
    else if (v.length > max) this.problem(field, `must be at most ${max} characters`);
    else if (pattern && v.length > 0 && !pattern.test(v)) this.problem(field, hint ?? 'has an invalid format');
    else return v;
    return undefined;
  }

  oneOf<T extends string>(field: string, allowed: readonly T[], { required = false } = {}): T | undefined {
    const value = this.input[field];
    if (value === undefined || value === null) {
      if (required) this.problem(field, 'is required');
      return undefined;
    }
    if (typeof value !== 'string' || !allowed.includes(value as T)) {
      this.problem(field, `must be one of: ${allowed.join(', ')}`);
      return undefined;
    }
    return value as T;
  }

  boolean(field: string): boolean | undefined {
    const value = this.input[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') {
      this.problem(field, 'must be true or false');
      return undefined;
    }
    return value;
  }

  url(field: string, { required = false } = {}): string | undefined {
    const value = this.string(field, { required, max: 2048 });
    return value === undefined || value === '' ? value : this.checkUrl(field, value);
  }

  checkUrl(field: string, value: string): string | undefined {
    try {
      const u = new URL(value);
      if (u.protocol === 'http:' || u.protocol === 'https:') return value;
    } catch {
      // reported below
    }
    this.problem(field, 'must be an absolute http(s) URL');
    return undefined;
  }

  /** Unknown fields are reported too: a typo should not be silently ignored. */
  rejectUnknown(known: readonly string[]): void {
    for (const field of Object.keys(this.input)) if (!known.includes(field)) this.problem(field, 'is not a known field');
  }

  done(): void {
    if (this.problems.length === 0) return;
    const summary = this.problems.map((p) => `${p.field} ${p.message}`).join('; ');
    throw adminError('validation_failed', `The request has invalid fields: ${summary}`, { details: this.problems });
  }
}

export interface StringRule {
  /** Absent or null → "is required"; present but blank → "must not be empty". */
  required?: boolean;
  /** May be absent, but when present must not be blank (after trimming): "must not be empty". */
  notBlank?: boolean;
  min?: number;
  max?: number;
  pattern?: RegExp;
  hint?: string;
}

export const USERNAME = /^[\p{L}\p{N}._@+-]+$/u;
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Application names are URL slugs: they form the SSO IdP URL `/saml2/{name}`. */
export const APP_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export function notFound(what: string, id: string): SamlbridgeError {
  return adminError('not_found', `No ${what} with id "${id}"`);
}

export function conflict(field: string, message: string): SamlbridgeError {
  return adminError('conflict', message, { details: [{ field, message }] });
}
