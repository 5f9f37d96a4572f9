// Tenants: `acme.talentlms.localhost` → `acme`; a dot-less host or an IP literal → the default tenant.
import { isIP } from 'node:net';
import type { Middleware } from 'koa';
import type { SsoSettings } from './sso/settings.js';

export const DEFAULT_TENANT = 'default';

export interface Tenant {
  /** Key of every stored row. */
  id: string;
  /** The tenant's public hostname (no port): the default SP entity ID and the ACS path segment. */
  host: string;
  /** Public origin, e.g. `http://acme.talentlms.localhost:5000`. */
  origin: string;
}

declare module 'koa' {
  interface DefaultState {
    tenant: Tenant;
  }
}

/** The tenant a request Host names. */
export function tenantIdFromHost(hostname: string): string {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  if (!h.includes('.') || isIP(h) !== 0 || isIP(h.replace(/^\[|\]$/g, '')) !== 0) return DEFAULT_TENANT;
  return h.split('.')[0] || DEFAULT_TENANT;
}

/** Services accept either a tenant ID (`acme`, `default`) or a hostname (`localhost`, `acme.talentlms.localhost`). */
export function tenantKey(tenantOrHost: string): string {
  const v = tenantOrHost.trim().toLowerCase();
  if (v === 'localhost' || v.includes('.') || v.includes(':')) return tenantIdFromHost(v);
  return v || DEFAULT_TENANT;
}

export function resolveTenant(baseUrl: string, requestHostname: string): Tenant {
  const base = new URL(baseUrl);
  const id = tenantIdFromHost(requestHostname);
  if (id === DEFAULT_TENANT) return { id, host: base.hostname, origin: base.origin };
  const url = new URL(base.origin);
  url.hostname = requestHostname.toLowerCase();
  return { id, host: url.hostname, origin: url.origin };
}

export const ACS_PATH = '/simplesaml/module.php/saml/sp/saml2-acs.php';
export const METADATA_PATH = '/simplesaml/module.php/saml/sp/metadata.php';

export function acsUrl(tenant: Tenant): string {
  return `${tenant.origin}${ACS_PATH}/${tenant.host}`;
}

export function metadataUrl(tenant: Tenant): string {
  return `${tenant.origin}${METADATA_PATH}/${tenant.host}`;
}

/** The SP entity ID: the tenant's hostname unless the settings name another. */
export function spEntityId(tenant: Tenant, settings: SsoSettings): string {
  return settings.spEntityId || tenant.host;
}

/** Sets `ctx.state.tenant` from the Host header. */
export function tenantFromRequest(baseUrl: string): Middleware {
  return async (ctx, next) => {
    ctx.state.tenant = resolveTenant(baseUrl, ctx.hostname || new URL(baseUrl).hostname);
    await next();
  };
}

/** `{host}` path segments (ACS, metadata) must name the tenant the request is for, else 404. */
export function hostSegmentMatches(tenant: Tenant, segment: string | undefined, requestHostname: string): boolean {
  const s = (segment ?? '').toLowerCase();
  return s === tenant.host || (tenant.id === DEFAULT_TENANT && s === requestHostname.toLowerCase());
}
