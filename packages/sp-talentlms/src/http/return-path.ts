// RelayState / return paths: only same-origin paths are followed; anything else is ignored (open-redirect guard).
import { sameOriginPath } from '@samlbridge/web';

/** `/path?query` when `value` is a same-origin path (or an absolute URL on `origin`), else undefined. */
export function safeReturnPath(value: unknown, origin: string): string | undefined {
  return sameOriginPath(value, origin);
}
