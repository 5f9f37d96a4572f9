// Reading a fetched answer without unbounded buffering: the IdP's SP-metadata import and SOAP Single Logout, and the
// SP's configuration check, all read bodies of servers an admin named.

/**
 * The body of `res` as UTF-8 text, or `undefined` once it is larger than `maxBytes` (by its Content-Length, or while
 * streaming: reading stops and the rest is cancelled). The caller turns `undefined` into its own error.
 */
export async function readBoundedBody(res: Response, maxBytes: number): Promise<string | undefined> {
  const declared = Number(res.headers.get('content-length') ?? '0');
  if (declared > maxBytes) {
    await res.body?.cancel();
    return undefined;
  }
  const reader = res.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
