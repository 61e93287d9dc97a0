// Reads a response body up to a byte cap: a huge or endless body stops the read, never the run.
export type BodyRead = { ok: true; text: string; bytes: number } | { ok: false; bytes: number };

export async function readCapped(response: Response, capBytes: number): Promise<BodyRead> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > capBytes) {
    await response.body?.cancel().catch(() => undefined);
    return { ok: false, bytes: declared };
  }
  if (!response.body) return { ok: true, text: '', bytes: 0 };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > capBytes) {
      await reader.cancel().catch(() => undefined);
      return { ok: false, bytes };
    }
    chunks.push(value);
  }
  return { ok: true, text: new TextDecoder('utf-8').decode(Buffer.concat(chunks, bytes)), bytes };
}
