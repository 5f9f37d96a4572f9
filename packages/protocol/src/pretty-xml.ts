// An indented copy of a SAML message for people to read (trace pages on both sides): text only, never parsed,
// and always shown escaped. Not for anything a decision rests on.

/** One element start tag per line, indented by depth (the XML itself is not changed otherwise). */
export function prettyXml(xml: string): string {
  let depth = 0;
  const out: string[] = [];
  for (const token of xml.replace(/>\s*</g, '>\n<').split('\n')) {
    if (/^<\//.test(token)) depth = Math.max(0, depth - 1);
    out.push(`${'  '.repeat(depth)}${token}`);
    if (/^<[^!?/][^>]*[^/]>$/.test(token) && !/<\/[^>]+>$/.test(token)) depth += 1;
  }
  return out.join('\n');
}
