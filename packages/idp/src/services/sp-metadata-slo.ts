// The SLO part of an SP metadata import (saml-metadata §2.2.2 SingleLogoutService, Location and ResponseLocation):
// which endpoint becomes the application's Single Logout settings. The IdP speaks HTTP-POST and HTTP-Redirect; when
// the SP lists both, POST is taken, as its enveloped signature carries the IdP certificate that SPs trusting by
// fingerprint can match. Other bindings (SOAP, Artifact) are not spoken here and only warned about.
import { BINDING, type SpSloEndpoint } from '@samlbridge/protocol';
import type { SingleLogoutSettings } from '../store/single-logout-types.js';

export interface SloImportPlan {
  /** The settings to store; absent when the metadata lists no usable SingleLogoutService (the current ones stay). */
  settings?: SingleLogoutSettings;
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

export function planSingleLogout(current: SingleLogoutSettings | undefined, endpoints: readonly SpSloEndpoint[]): SloImportPlan {
  const warnings: string[] = [];
  const usable = endpoints.filter((e) => {
    if (e.binding !== BINDING.post && e.binding !== BINDING.redirect) {
      warnings.push(
        `SingleLogoutService ${e.location} (${e.binding}) is skipped: this IdP sends logout messages with HTTP-POST or HTTP-Redirect only.`,
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
  if (!chosen) return { changes: [], warnings };
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
  return { settings, changes, warnings };
}
