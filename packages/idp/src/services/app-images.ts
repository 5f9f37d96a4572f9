// Portal images: bundled icons (`icon:<name>`) or a small uploaded PNG/JPEG/SVG kept as a data URL
// in the store and served by the IdP (never hot-linked).
import type { Validator } from './validation.js';

export const MAX_IMAGE_BYTES = 64 * 1024;

const svg = (body: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48" width="48" height="48"><rect width="48" height="48" rx="10" fill="#1f5fa8"/>${body}</svg>`;

/** Bundled icons (white glyphs on the accent colour). */
export const ICONS: Readonly<Record<string, string>> = {
  app: svg(
    '<rect x="12" y="12" width="10" height="10" fill="#fff"/><rect x="26" y="12" width="10" height="10" fill="#fff"/><rect x="12" y="26" width="10" height="10" fill="#fff"/><rect x="26" y="26" width="10" height="10" fill="#fff"/>',
  ),
  book: svg('<path d="M12 13h11v23H12zM25 13h11v23H25z" fill="#fff"/>'),
  key: svg('<circle cx="18" cy="24" r="7" fill="none" stroke="#fff" stroke-width="4"/><path d="M24 24h14v6h-4v-3h-10z" fill="#fff"/>'),
  link: svg('<path d="M20 28l8-8M17 24l-3 3a5 5 0 0 0 7 7l3-3M31 24l3-3a5 5 0 0 0-7-7l-3 3" stroke="#fff" stroke-width="4" fill="none"/>'),
  chart: svg('<path d="M13 35V22h5v13zM21 35V13h5v22zM29 35V26h5v9z" fill="#fff"/>'),
};

const TYPES = ['image/png', 'image/jpeg', 'image/svg+xml'] as const;
export type ImageType = (typeof TYPES)[number];

function looksLike(type: ImageType, bytes: Buffer): boolean {
  if (type === 'image/png') return bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  if (type === 'image/jpeg') return bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  return /^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/i.test(bytes.toString('utf8'));
}

/** Builds the stored data URL of an uploaded image, or reports why it is refused. */
export function imageDataUrl(v: Validator, field: string, type: string, bytes: Buffer): string | undefined {
  if (!TYPES.includes(type as ImageType)) {
    v.problem(field, 'must be a PNG, JPEG or SVG image');
    return undefined;
  }
  if (bytes.length === 0 || bytes.length > MAX_IMAGE_BYTES) {
    v.problem(field, `must be an image of at most ${MAX_IMAGE_BYTES / 1024} KiB`);
    return undefined;
  }
  if (!looksLike(type as ImageType, bytes)) {
    v.problem(field, `is not a valid ${type.replace('image/', '').toUpperCase()} file`);
    return undefined;
  }
  return `data:${type};base64,${bytes.toString('base64')}`;
}

/** `image` input: null, `icon:<name>` or `data:image/(png|jpeg|svg+xml);base64,…`. */
export function readImage(v: Validator): string | null | undefined {
  const value = v.input.image;
  if (value === undefined) return undefined;
  if (value === null || value === '') return null;
  if (typeof value !== 'string') {
    v.problem('image', 'must be icon:<name>, a data:image/…;base64 URL, or null');
    return undefined;
  }
  if (value.startsWith('icon:')) {
    if (ICONS[value.slice(5)]) return value;
    v.problem('image', `must name a bundled icon: ${Object.keys(ICONS).join(', ')}`);
    return undefined;
  }
  const m = /^data:(image\/[a-z+]+);base64,([A-Za-z0-9+/=]+)$/.exec(value);
  if (!m) {
    v.problem('image', 'must be icon:<name>, a data:image/…;base64 URL, or null');
    return undefined;
  }
  return imageDataUrl(v, 'image', m[1] as string, Buffer.from(m[2] as string, 'base64'));
}

/** What GET /images/applications/{id} sends. */
export function imageContent(image: string | null): { type: string; body: Buffer } {
  if (image?.startsWith('data:')) {
    const m = /^data:(image\/[a-z+]+);base64,(.*)$/.exec(image);
    if (m) return { type: m[1] as string, body: Buffer.from(m[2] as string, 'base64') };
  }
  const icon = image?.startsWith('icon:') ? ICONS[image.slice(5)] : undefined;
  return { type: 'image/svg+xml', body: Buffer.from(icon ?? (ICONS.app as string)) };
}
