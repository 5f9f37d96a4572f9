// "Run all" of the SP test bench: one Response posted server-side to the application's registered ACS (HTTP-POST
// binding, saml-bindings §3.5), and a guess at whether the SP signed the user in. The guess is a heuristic: an
// answer that redirects AND sets a cookie counts as accepted (exact for the TalentLMS-like SP, which answers 303
// into the LMS with its session cookie, or its error page with a 4xx status).
import { encodePost } from '@samlbridge/protocol';

export type BenchVerdict = 'accepted' | 'refused' | 'unreachable';

const TIMEOUT_MS = 10_000;

export async function postToAcs(acsUrl: string, xml: string): Promise<{ verdict: BenchVerdict; detail: string }> {
  let res: Response;
  try {
    res = await fetch(acsUrl, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ SAMLResponse: encodePost(xml) }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    return { verdict: 'unreachable', detail: `The ACS could not be reached from the identity provider (${(err as Error).message}).` };
  }
  await res.body?.cancel();
  const location = res.headers.get('location');
  const setsCookie = res.headers.getSetCookie().length > 0;
  const accepted = res.status >= 300 && res.status < 400 && location !== null && setsCookie;
  const detail = `HTTP ${res.status}${location ? ` → ${location}` : ''}${setsCookie ? ', sets a cookie' : ''}`;
  return { verdict: accepted ? 'accepted' : 'refused', detail };
}
