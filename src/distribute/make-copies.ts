/**
 * Numbered copies of the memo: one PDF per reader, with only what is releasable
 * to their audiences, "Copy n of N — name, organisation" on every page and in the
 * metadata, optionally password-protected; plus a manifest (JSON and CSV).
 */
import { createHash, createHmac } from 'node:crypto';
import path from 'node:path';
import { BriefError, fileStart } from '../diagnostics/diagnostic.js';
import { BuildContext } from '../build-context.js';
import { buildDocumentFor, chartsOf, memoPages, memoTheme, pictures } from '../pipeline.js';
import { furnitureForCopy } from '../7-realize/realize.js';
import { furnish } from '../8-layout/memo/layout-memo.js';
import { writePdf } from '../9-emit/pdf/index.js';
import { checkOutputFolder, writeFilesAtomic, type OutputFile } from '../files/atomic-write.js';
import { withOutputLock } from '../files/output-lock.js';
import type { DistributionList, Recipient } from './distribution-list.js';

/** One numbered copy, as written. */
export interface CopyRecord {
  copy: number;
  total: number;
  recipientId: string;
  name: string;
  email: string;
  organisation: string;
  audiences: string[];
  file: string;
  bytes: number;
  sha256: string;
  /** Present when the copy has an open password (never written to the manifest). */
  password?: string;
}

/** What `makeCopies` produced. */
export interface CopiesResult {
  seriesId: string;
  seriesTitle: string;
  editionId: string;
  marking: string;
  dir: string;
  copies: CopyRecord[];
}

/** Derives a reader's open password from the secret: stable across reruns, never stored. */
export function copyPassword(secret: string, seriesId: string, editionId: string, recipientId: string, purpose = 'open'): string {
  const digest = createHmac('sha256', secret).update(`${purpose}/${seriesId}/${editionId}/${recipientId}`).digest();
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';
  let out = '';
  for (let i = 0; i < 16; i++) out += alphabet[digest[i]! % alphabet.length];
  return out.replace(/(.{4})(?!$)/g, '$1-');
}

/** Builds every reader's copy into `<outDir>/<edition>/copies/` and writes copies.json and copies.csv. */
export async function makeCopies(
  options: { input?: string; edition?: string; outDir: string },
  list: DistributionList,
  env: NodeJS.ProcessEnv = process.env,
  ctx = new BuildContext(),
): Promise<CopiesResult> {
  await checkOutputFolder(options.outDir);
  const total = list.recipients.length;
  const secret = list.protection?.password ? env[list.protection.passwordSecretEnv] : undefined;
  if (list.protection?.password && !secret) {
    throw new BriefError([
      {
        severity: 'error',
        rule: 'distribution/no-secret',
        position: fileStart(list.file),
        message: `protection.password is on, but the environment variable ${list.protection.passwordSecretEnv} (the secret copy passwords are derived from) is not set`,
      },
    ]);
  }
  // Readers with the same audiences share one document, laid out once; each copy only has its own furniture.
  const documents = new Map<string, { built: Awaited<ReturnType<typeof buildDocumentFor>>; memo: ReturnType<typeof memoPages>; pictures: Map<string, Buffer> }>();
  const copies: CopyRecord[] = [];
  // Every copy is made in memory first and written with the manifests in one go: a failure leaves no stray copies.
  const outputs: OutputFile[] = [];
  let meta: { seriesId: string; seriesTitle: string; editionId: string; marking: string } | undefined;
  let dir = '';
  for (const r of list.recipients) {
    const key = [...r.audiences].sort().join(' ');
    let shared = documents.get(key);
    if (!shared) {
      const built = await buildDocumentFor({ input: options.input, edition: options.edition, audiences: r.audiences }, ctx);
      const memo = memoPages(built, ctx);
      shared = { built, memo, pictures: await pictures(chartsOf(memo.layout), built.document.theme, ctx) };
      documents.set(key, shared);
    }
    const { built, memo } = shared;
    const m = built.document.meta;
    meta = { seriesId: m.seriesId, seriesTitle: m.seriesTitle, editionId: m.editionId, marking: m.marking };
    dir = path.join(options.outDir, m.editionId, 'copies');
    const password = secret ? copyPassword(secret, m.seriesId, m.editionId, r.id) : undefined;
    const protection =
      list.protection && (password || !list.protection.printing || !list.protection.copying)
        ? {
            userPassword: password,
            ownerPassword: secret ? copyPassword(secret, m.seriesId, m.editionId, r.id, 'owner') : createHash('sha256').update(`${m.seriesId}/${m.editionId}/${r.id}/owner`).digest('hex'),
            printing: list.protection.printing,
            copying: list.protection.copying,
          }
        : undefined;
    const furniture = furnitureForCopy(memo.memo.furniture, { number: r.copy, total, name: r.name, organisation: r.organisation });
    const layout = furnish(memo.layout, furniture, built.fonts, memoTheme(built.document.theme, built.logo));
    const data = await writePdf(layout, ctx.fonts, shared.pictures, { copy: furniture.copy, protection });
    const file = path.join(dir, copyFileName(m.seriesId, m.editionId, r, total));
    outputs.push({ file, data });
    copies.push({
      copy: r.copy,
      total,
      recipientId: r.id,
      name: r.name,
      email: r.email,
      organisation: r.organisation,
      audiences: r.audiences,
      file,
      bytes: data.length,
      sha256: createHash('sha256').update(data).digest('hex'),
      ...(password ? { password } : {}),
    });
  }
  const result: CopiesResult = { ...meta!, dir, copies };
  await withOutputLock(options.outDir, () => writeFilesAtomic([...outputs, ...manifests(result)]));
  return result;
}

/** File name of a reader's copy, e.g. dprk-russia-munitions-2024-W21-copy-03-of-12.pdf. */
export function copyFileName(seriesId: string, editionId: string, r: Recipient, total: number): string {
  const width = String(total).length;
  return `${seriesId}-${editionId}-copy-${String(r.copy).padStart(width, '0')}-of-${total}.pdf`;
}

/**
 * A CSV field a spreadsheet shows as text: a leading =, +, -, @, tab or CR would make it a formula (OWASP's CSV
 * injection advice: prefix a quote), and a comma, quote, CR or LF inside is quoted so no row splits.
 */
export function csvField(v: string | number): string {
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function manifests(r: CopiesResult): OutputFile[] {
  const rows = r.copies.map((c) => ({
    copy: c.copy,
    total: c.total,
    recipient: c.recipientId,
    name: c.name,
    email: c.email,
    organisation: c.organisation,
    audiences: c.audiences.join(' '),
    file: path.basename(c.file),
    bytes: c.bytes,
    sha256: c.sha256,
    protected: c.password ? 'password' : 'no',
  }));
  const header = Object.keys(rows[0] ?? { copy: 0 });
  return [
    { file: path.join(r.dir, 'copies.json'), data: `${JSON.stringify({ series: r.seriesId, edition: r.editionId, marking: r.marking, copies: rows }, null, 2)}\n` },
    {
      file: path.join(r.dir, 'copies.csv'),
      data: `${[header.join(','), ...rows.map((row) => header.map((h) => csvField((row as Record<string, string | number>)[h] ?? '')).join(','))].join('\n')}\n`,
    },
  ];
}
