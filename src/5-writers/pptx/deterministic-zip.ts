/**
 * Makes a pptx byte-for-byte reproducible: pptxgenjs stamps the current time
 * into docProps/core.xml and into every zip entry; both are replaced by the
 * edition date. jszip is used only here.
 */
import JSZip from 'jszip';

/** Rewrites the zip with fixed entry dates and core-properties dates set to `isoDate` (YYYY-MM-DD). */
export async function normalizeZip(buffer: Buffer, isoDate: string): Promise<Buffer> {
  const stamp = `${isoDate}T00:00:00Z`;
  // Why: zip stores local time; a UTC-midnight Date would shift with TZ, so build the date from local parts.
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const date = new Date(y, m - 1, d, 0, 0, 0);
  const zip = await JSZip.loadAsync(buffer);
  const out = new JSZip();
  for (const name of Object.keys(zip.files)) {
    const entry = zip.files[name]!;
    if (entry.dir) continue;
    let content: string | Uint8Array = await entry.async('uint8array');
    if (name === 'docProps/core.xml') {
      content = Buffer.from(content)
        .toString('utf8')
        .replace(/(<dcterms:created[^>]*>)[^<]*(<\/dcterms:created>)/, `$1${stamp}$2`)
        .replace(/(<dcterms:modified[^>]*>)[^<]*(<\/dcterms:modified>)/, `$1${stamp}$2`);
    }
    out.file(name, content, { date, createFolders: false });
  }
  return out.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 }, platform: 'UNIX' });
}

/** Runs `fn` with Math.random replaced by a seeded generator, so library-made ids are stable. */
export async function withSeededRandom<T>(seed: number, fn: () => Promise<T>): Promise<T> {
  const original = Math.random;
  let state = seed >>> 0 || 1;
  Math.random = () => {
    // xorshift32: small, fast, and good enough for ids
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x100000000;
  };
  try {
    return await fn();
  } finally {
    Math.random = original;
  }
}
