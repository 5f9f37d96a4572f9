// Lookalike usernames (UTS #39 §5 "mixed-script confusables", simplified): a label written in two of
// the alphabets whose letters look alike, and a Latin skeleton to find the account it imitates.
import { usernameKey } from './username-key.js';

/** Alphabets with letters that pass for Latin ones (and for each other). */
const SCRIPTS: readonly [string, RegExp][] = [
  ['Latin', /\p{Script=Latin}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Armenian', /\p{Script=Armenian}/u],
  ['Cherokee', /\p{Script=Cherokee}/u],
];

/** Label separators of a username or email address. */
const SEPARATORS = /[._@+-]/u;

export interface MixedScripts {
  /** The part of the name between separators that mixes alphabets. */
  label: string;
  /** The alphabets found in it, in the order of SCRIPTS. */
  scripts: string[];
}

/** The first label that mixes two of Latin, Cyrillic, Greek, Armenian, Cherokee, or undefined. */
export function mixedScripts(value: string): MixedScripts | undefined {
  for (const label of value.normalize('NFC').split(SEPARATORS)) {
    const scripts = SCRIPTS.filter(([, re]) => re.test(label)).map(([name]) => name);
    if (scripts.length > 1) return { label, scripts };
  }
  return undefined;
}

/**
 * Cyrillic and Greek lower-case letters drawn like a Latin one (the common entries of Unicode's
 * confusables.txt for UTS #39; not the whole table).
 */
const LOOKALIKES: Readonly<Record<string, string>> = {
  а: 'a',
  в: 'b',
  с: 'c',
  ԁ: 'd',
  е: 'e',
  ё: 'ë',
  һ: 'h',
  і: 'i',
  ї: 'ï',
  ј: 'j',
  к: 'k',
  ӏ: 'l',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  ԛ: 'q',
  ѕ: 's',
  ѵ: 'v',
  ԝ: 'w',
  х: 'x',
  у: 'y',
  α: 'a',
  β: 'b',
  ϲ: 'c',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  γ: 'y',
};

/**
 * The username key with Cyrillic and Greek lookalikes replaced by the Latin letter they imitate:
 * `dеmo.user` (Cyrillic е) and `demo.user` share the skeleton `demo.user`. For warnings only, never
 * for uniqueness (Cyrillic names are real names).
 */
export function confusableSkeleton(value: string): string {
  return Array.from(usernameKey(value), (c) => LOOKALIKES[c] ?? c)
    .join('')
    .normalize('NFC');
}
