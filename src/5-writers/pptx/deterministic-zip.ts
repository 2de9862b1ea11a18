/**
 * Makes a pptx byte-for-byte reproducible: pptxgenjs stamps the current time
 * into docProps/core.xml and into every zip entry; both are replaced by the
 * edition date. The zip is read with jszip and written once with yazl, which
 * deflates with Node's native zlib (both are used only here).
 */
import JSZip from 'jszip';
import yazl from 'yazl';

/**
 * Rewrites the zip with fixed entry dates and core-properties dates set to
 * `isoDate` (YYYY-MM-DD); `edit` may change parts first, in the same single pass.
 */
export async function normalizeZip(buffer: Buffer, isoDate: string, edit?: (zip: JSZip) => Promise<void>): Promise<Buffer> {
  const stamp = `${isoDate}T00:00:00Z`;
  // Why: zip stores local time; a UTC-midnight Date would shift with TZ, so build the date from local parts.
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const date = new Date(y, m - 1, d, 0, 0, 0);
  const zip = await JSZip.loadAsync(buffer);
  if (edit) await edit(zip);
  const renames = chartRenumbering(Object.keys(zip.files));
  const out = new yazl.ZipFile();
  for (const name of Object.keys(zip.files)) {
    const entry = zip.files[name]!;
    if (entry.dir) continue;
    let content: Buffer = Buffer.from(await entry.async('uint8array'));
    if (renames.size && /\.(xml|rels)$/.test(name)) content = Buffer.from(renameRefs(content.toString('utf8'), renames));
    // Why: each native chart embeds its data as an xlsx, itself a zip stamped with the current time.
    if (/\.xlsx$/.test(name)) content = await normalizeZip(content, isoDate);
    if (name === 'docProps/core.xml') {
      content = Buffer.from(
        content
          .toString('utf8')
          .replace(/(<dcterms:created[^>]*>)[^<]*(<\/dcterms:created>)/, `$1${stamp}$2`)
          .replace(/(<dcterms:modified[^>]*>)[^<]*(<\/dcterms:modified>)/, `$1${stamp}$2`),
      );
    }
    // Why: pictures and embedded workbooks are compressed already; deflating them again only costs time.
    const compress = !/\.(png|jpe?g|gif|xlsx)$/i.test(name);
    out.addBuffer(content, renameRefs(name, renames), { mtime: date, mode: 0o100644, compress, forceDosTimestamp: true });
  }
  out.end();
  const chunks: Buffer[] = [];
  for await (const chunk of out.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * pptxgenjs numbers charts with a counter that lives as long as the process, so
 * the second deck built in one process has chart7.xml where the first had
 * chart1.xml; renumber them 1…n in order.
 */
function chartRenumbering(names: string[]): Map<string, string> {
  const ids = [...new Set(names.flatMap((n) => (/^ppt\/charts\/chart(\d+)\.xml$/.exec(n) ? [Number(/(\d+)/.exec(n.slice(11))![1])] : [])))].sort((a, b) => a - b);
  const map = new Map<string, string>();
  ids.forEach((id, i) => {
    if (id !== i + 1) map.set(String(id), String(i + 1));
  });
  return map;
}

function renameRefs(text: string, renames: Map<string, string>): string {
  if (renames.size === 0) return text;
  return text.replace(/(chart|Microsoft_Excel_Worksheet)(\d+)(\.xml|\.xlsx)/g, (whole, stem: string, id: string, ext: string) => {
    const to = renames.get(id);
    return to ? `${stem}${to}${ext}` : whole;
  });
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
