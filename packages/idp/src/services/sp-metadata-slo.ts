// The SLO part of an SP metadata import (saml-metadata §2.2.2 SingleLogoutService, Location and ResponseLocation):
// which endpoint becomes the application's Single Logout settings. The IdP speaks HTTP-POST and HTTP-Redirect; when
// the SP lists both, POST is taken, as its enveloped signature carries the IdP certificate that SPs trusting by
// fingerprint can match. A SOAP endpoint (saml-bindings §3.2) becomes the application's back-channel SLO URL, used
// when an admin ends a user's sessions. Other bindings (Artifact, PAOS) are not spoken here and only warned about.
import { BINDING, type SpSloEndpoint } from '@samlbridge/protocol';
import type { SingleLogoutSettings } from '../store/single-logout-types.js';

export interface SloImportPlan {
  /** The settings to store; absent when the metadata lists no usable SingleLogoutService (the current ones stay). */
  settings?: SingleLogoutSettings;
  /** The SOAP SingleLogoutService Location; absent when the metadata lists none (the current one stays). */
  soapUrl?: string;
  changes: { field: string; current: string; new: string }[];
  warnings: string[];
}

const httpUrl = (value: string | undefined) => {
  if (!value) return false;
  try {
    const u = new URL(value);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
};

export function planSingleLogout(
  current: SingleLogoutSettings | undefined,
  endpoints: readonly SpSloEndpoint[],
  currentSoapUrl = '',
): SloImportPlan {
  const warnings: string[] = [];
  const soap = planSoap(endpoints, currentSoapUrl, warnings);
  const usable = endpoints.filter((e) => {
    if (e.binding === BINDING.soap) return false;
    if (e.binding !== BINDING.post && e.binding !== BINDING.redirect) {
      warnings.push(
        `SingleLogoutService ${e.location} (${e.binding}) is skipped: this IdP sends logout messages with HTTP-POST, HTTP-Redirect or SOAP only.`,
      );
      return false;
    }
    if (!httpUrl(e.location) || (e.responseLocation ? !httpUrl(e.responseLocation) : false)) {
      warnings.push(`SingleLogoutService ${e.location} is skipped: its Location and ResponseLocation must be http(s) URLs.`);
      return false;
    }
    return true;
  });
  const chosen = usable.find((e) => e.binding === BINDING.post) ?? usable[0];
  if (!chosen) return { ...soap, warnings };
  const settings: SingleLogoutSettings = {
    sloUrl: chosen.location,
    sloResponseUrl: chosen.responseLocation ?? '',
    binding: chosen.binding === BINDING.post ? 'post' : 'redirect',
  };
  const was = current ?? { sloUrl: '', sloResponseUrl: '', binding: 'redirect' };
  const changes: SloImportPlan['changes'] = [];
  if (was.sloUrl !== settings.sloUrl) changes.push({ field: 'sloUrl', current: was.sloUrl, new: settings.sloUrl });
  if (was.sloResponseUrl !== settings.sloResponseUrl) {
    changes.push({ field: 'sloResponseUrl', current: was.sloResponseUrl, new: settings.sloResponseUrl });
  }
  // The binding matters only once there is an SLO URL.
  if ((was.sloUrl ? was.binding : '') !== settings.binding) {
    changes.push({ field: 'sloBinding', current: was.sloUrl ? was.binding : '', new: settings.binding });
  }
  changes.push(...soap.changes);
  return { settings, changes, warnings, ...(soap.soapUrl !== undefined ? { soapUrl: soap.soapUrl } : {}) };
}

/** The first SOAP SingleLogoutService with an http(s) Location (saml-metadata §2.2.2; ResponseLocation unused: SOAP answers synchronously). */
function planSoap(endpoints: readonly SpSloEndpoint[], current: string, warnings: string[]): Pick<SloImportPlan, 'soapUrl' | 'changes'> {
  const soaps = endpoints.filter((e) => e.binding === BINDING.soap);
  const chosen = soaps.find((e) => httpUrl(e.location));
  for (const e of soaps.filter((x) => x !== chosen)) {
    warnings.push(
      httpUrl(e.location)
        ? `SingleLogoutService ${e.location} (SOAP) is skipped: the first SOAP endpoint is used.`
        : `SingleLogoutService ${e.location} (SOAP) is skipped: its Location must be an http(s) URL.`,
    );
  }
  if (!chosen) return { changes: [] };
  return {
    soapUrl: chosen.location,
    changes: current === chosen.location ? [] : [{ field: 'sloSoapUrl', current, new: chosen.location }],
  };
}
