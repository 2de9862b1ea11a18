/**
 * Makes a pptx byte-for-byte reproducible: pptxgenjs stamps the current time
 * into docProps/core.xml and into every zip entry; both are replaced by the
 * edition date. pptxgenjs's package is taken as a JSZip object, before it is
 * zipped, and written once with yazl, which deflates with Node's native zlib.
 */
import JSZip from 'jszip';
import jszipBase64 from 'jszip/lib/base64.js';
import yazl from 'yazl';

/** JSZip's base64 codec, done by Node: same results, without a JavaScript loop over every byte. */
const nativeBase64 = {
  encode: (input: string | Uint8Array | number[]): string => (typeof input === 'string' ? Buffer.from(input, 'latin1') : Buffer.from(input)).toString('base64'),
  decode: (input: string): Uint8Array => {
    // The same checks as JSZip's own decoder, so bad input fails the same way.
    if (input.startsWith('data:')) throw new Error('Invalid base64 input, it looks like a data url.');
    const clean = input.replace(/[^A-Za-z0-9+/=]/g, '');
    const pad = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
    if (((clean.length * 3) / 4 - pad) % 1 !== 0) throw new Error('Invalid base64 input, bad content length.');
    return new Uint8Array(Buffer.from(clean, 'base64'));
  },
};

/**
 * Runs pptxgenjs's `write()` and returns its package as the JSZip object it
 * built, unzipped. Why: zipping a large deck only to unzip it again took a third
 * of its writing time and most of its memory peak. While `write` runs, JSZip's
 * base64 codec (pictures and embedded workbooks pass through it) is Node's.
 * Call it inside withSeededRandom, which runs one deck at a time.
 */
export async function capturePackage(write: () => Promise<unknown>): Promise<JSZip> {
  const generate = JSZip.prototype.generateAsync;
  const { encode, decode } = jszipBase64;
  let captured: JSZip | undefined;
  // The presentation itself is generated as a nodebuffer; embedded workbooks (base64) are generated as usual.
  JSZip.prototype.generateAsync = function (this: JSZip, options?: JSZip.JSZipGeneratorOptions) {
    if (options?.type !== 'nodebuffer') return generate.call(this, options as JSZip.JSZipGeneratorOptions<'base64'>);
    captured = this;
    return Promise.resolve(Buffer.alloc(0));
  } as typeof generate;
  Object.assign(jszipBase64, nativeBase64);
  try {
    await write();
  } finally {
    JSZip.prototype.generateAsync = generate;
    Object.assign(jszipBase64, { encode, decode });
  }
  if (!captured) throw new Error('pptxgenjs did not generate its package as expected');
  return captured;
}

/**
 * Rewrites the zip with fixed entry dates and core-properties dates set to
 * `isoDate` (YYYY-MM-DD); `edit` may change parts first, in the same single pass.
 */
export async function normalizeZip(input: Buffer | JSZip, isoDate: string, edit?: (zip: JSZip) => Promise<void>): Promise<Buffer> {
  const stamp = `${isoDate}T00:00:00Z`;
  // Why: zip stores local time; a UTC-midnight Date would shift with TZ, so build the date from local parts.
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const date = new Date(y, m - 1, d, 0, 0, 0);
  const zip = input instanceof JSZip ? input : await JSZip.loadAsync(input);
  if (edit) await edit(zip);
  const renames = chartRenumbering(Object.keys(zip.files));
  const out = new yazl.ZipFile();
  for (const name of Object.keys(zip.files)) {
    const entry = zip.files[name]!;
    if (entry.dir) continue;
    let content: Buffer = await entry.async('nodebuffer');
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

let lock: Promise<unknown> = Promise.resolve();

/**
 * Runs `fn` with Math.random replaced by a seeded generator, so library-made ids are stable.
 * One at a time: Math.random and JSZip (capturePackage) are process-wide, and the preview
 * server may write two decks at once.
 */
export function withSeededRandom<T>(seed: number, fn: () => Promise<T>): Promise<T> {
  const run = lock.then(() => seeded(seed, fn));
  lock = run.catch(() => undefined);
  return run;
}

async function seeded<T>(seed: number, fn: () => Promise<T>): Promise<T> {
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
