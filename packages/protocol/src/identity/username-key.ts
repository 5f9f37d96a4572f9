// One spelling per identity: the comparison and index key of usernames and email addresses, and the
// characters an identity may not contain. Pure (no dependencies); both apps store the key in its own
// column with a unique index, and look users up by it.

/**
 * Full-width and half-width forms: the code points whose Unicode decomposition is tagged <wide> or
 * <narrow> (U+3000 IDEOGRAPHIC SPACE and the Halfwidth and Fullwidth Forms block).
 */
const WIDTH_FORMS = /[\u3000\uFF01-\uFFEE]/gu;

/**
 * The comparison key of a username: the PRECIS UsernameCaseMapped profile's mappings, RFC 8265 §3.3.
 * 1. Width Mapping Rule: full-width and half-width code points map to their decomposition (NFKC of
 *    those code points only, RFC 8264 §9.3) — `ｄｅｍｏ` is `demo`.
 * 2. Normalization Rule: NFC (RFC 8265 §3.3.2 step 4) — `E` + U+0301 is `É`.
 * 3. Case Mapping Rule: Unicode `toLowerCase()` (RFC 8265 §3.3.2 step 3, RFC 8264 §9.4) — `ÉLODIE1` is
 *    `élodie1`. Lower-casing only, no case folding: `fußball` stays distinct from `fussball`, final `ς`
 *    from `σ` (RFC 8265 §3.5, Table 3).
 * NFC runs before and after the case mapping, so the key is the same whichever order RFC 8264 §7 is
 * read in, and `usernameKey(usernameKey(x)) === usernameKey(x)`. Lookalikes from other scripts
 * (Cyrillic `е` for Latin `e`) keep different keys: see `confusableWarning`.
 */
export function usernameKey(value: string): string {
  return value
    .replace(WIDTH_FORMS, (c) => c.normalize('NFKC'))
    .normalize('NFC')
    .toLowerCase()
    .normalize('NFC');
}

/**
 * The comparison key of an email address: the username rule on the whole address. The local part is
 * compared case-insensitively too (RFC 5321 §2.4 allows a case-sensitive one; no mail system in use
 * does that, and one person must not hold two accounts by capitalising their address).
 */
export function emailKey(value: string): string {
  return usernameKey(value);
}

/** What each refused code point is called in error messages. */
const REFUSED: readonly [RegExp, string][] = [
  [/\p{Cc}/u, 'control character'],
  [/[\u200B-\u200D\u2060\uFEFF]/u, 'zero-width character'],
  [/[\u202A-\u202E\u2066-\u2069]/u, 'bidirectional override or isolate'],
  [/[\u200E\u200F\u061C]/u, 'bidirectional mark'],
];
const REFUSED_ANY = /[\p{Cc}\u200B-\u200D\u2060\uFEFF\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/u;

/**
 * The first character an identity (username or email address) may not contain, described for an error
 * message (`U+200B (zero-width character) at position 10`), or undefined when there is none: control
 * characters (Unicode Cc), zero-width characters (U+200B–U+200D, U+2060, U+FEFF), bidirectional
 * overrides and isolates (U+202A–U+202E, U+2066–U+2069) and marks (U+200E, U+200F, U+061C). Each
 * makes two different accounts look the same on screen.
 */
export function refusedIdentityCharacter(value: string): string | undefined {
  const m = REFUSED_ANY.exec(value);
  if (!m) return undefined;
  const c = m[0];
  const kind = REFUSED.find(([re]) => re.test(c))?.[1] ?? 'invisible character';
  const cp = (c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
  return `U+${cp} (${kind}) at position ${m.index + 1}`;
}
