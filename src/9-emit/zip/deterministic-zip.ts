/**
 * Makes a pptx byte-for-byte reproducible: pptxgenjs stamps the current time
 * into docProps/core.xml and into every zip entry, and writes random UUIDs into
 * charts; dates become the edition's, UUIDs are numbered in order of appearance.
 * The package is written once with yazl, which deflates with Node's native zlib.
 */
import JSZip from 'jszip';
import yazl from 'yazl';

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
  const uuids = new Map<string, string>();
  const relIds = await randomRelationshipIds(zip);
  const out = new yazl.ZipFile();
  for (const name of Object.keys(zip.files)) {
    const entry = zip.files[name]!;
    if (entry.dir) continue;
    let content: Buffer = await entry.async('nodebuffer');
    if (renames.size && /\.(xml|rels)$/.test(name)) content = Buffer.from(renameRefs(content.toString('utf8'), renames));
    if (/^ppt\/(charts|slides)\/[^/]+\.xml$/.test(name)) content = Buffer.from(stableUuids(content.toString('utf8'), uuids));
    if (relIds.size && /\.(xml|rels)$/.test(name)) content = Buffer.from(content.toString('utf8').replace(/rId[A-Za-z0-9_-]{21}\b/g, (id) => relIds.get(id) ?? id));
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

/**
 * Replaces the random UUIDs pptxgenjs writes (chart series ids, field ids) with
 * ones numbered in order of appearance; a UUID that occurs twice maps to the same number.
 */
function stableUuids(xml: string, seen: Map<string, string>): string {
  // Only the places pptxgenjs fills with random ids: fixed GUIDs (extension URIs, table styles) stay as they are.
  return xml.replace(/(<c16:uniqueId val="\{|<a:fld id="\{)([0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12})/gi, (_, lead: string, uuid: string) => {
    let stable = seen.get(uuid.toUpperCase());
    if (!stable) {
      const n = (seen.size + 1).toString(16).padStart(12, '0').toUpperCase();
      stable = `00000000-0000-4000-8000-${n}`;
      seen.set(uuid.toUpperCase(), stable);
    }
    return `${lead}${stable}`;
  });
}

/**
 * The `docx` package names some relationships (hyperlinks) with random ids,
 * "rId" and 21 random characters; they are numbered in order of appearance.
 */
async function randomRelationshipIds(zip: JSZip): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const name of Object.keys(zip.files)
    .filter((n) => n.endsWith('.rels'))
    .sort()) {
    const xml = await zip.file(name)!.async('string');
    for (const m of xml.matchAll(/Id="(rId[A-Za-z0-9_-]{21})"/g)) if (!ids.has(m[1]!)) ids.set(m[1]!, `rIdH${ids.size + 1}`);
  }
  return ids;
}
