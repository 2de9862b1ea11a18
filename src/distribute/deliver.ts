/**
 * Delivery over SMTP (nodemailer is used only here), resumable and idempotent:
 * every attempt is appended to a delivery log, a copy or password already sent
 * is never sent again, transient failures are retried with backoff, and a
 * permanent failure is reported for its reader while the others still go.
 */
import { appendFile, open, readFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { CopiesResult, CopyRecord } from './make-copies.js';
import type { SmtpSettings } from './distribution-list.js';

/** One line of the delivery log. */
export interface LogEntry {
  at: string;
  edition: string;
  copy: number;
  recipientId: string;
  email: string;
  part: 'document' | 'password';
  sha256: string;
  status: 'sent' | 'failed';
  permanent?: boolean;
  attempts: number;
  messageId?: string;
  response?: string;
  error?: string;
}

/** What happened to one message of one reader in this run. */
export interface DeliveryOutcome {
  copy: number;
  recipientId: string;
  email: string;
  part: 'document' | 'password';
  result: 'sent' | 'already-sent' | 'failed' | 'would-send';
  detail?: string;
}

/** Path of the delivery log for a set of copies. */
export const deliveryLogFile = (copies: CopiesResult) => path.join(copies.dir, 'delivery-log.jsonl');

/** Reads the delivery log (missing: empty). */
export async function readDeliveryLog(file: string): Promise<LogEntry[]> {
  try {
    return (await readFile(file, 'utf8'))
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as LogEntry);
  } catch {
    return [];
  }
}

async function appendLog(file: string, entry: LogEntry): Promise<void> {
  await appendFile(file, `${JSON.stringify(entry)}\n`);
  // Why: the log is what stops a second send after a crash; make each line durable before the next send.
  const h = await open(file, 'r');
  await h.sync();
  await h.close();
}

/** Options of a delivery run. */
export interface DeliverOptions {
  send: boolean;
  smtp: SmtpSettings;
  env?: NodeJS.ProcessEnv;
  /** Called with a line of progress for the user (never with secrets). */
  report?: (line: string) => void;
  sleep?: (ms: number) => Promise<void>;
}

/** Sends every copy not yet sent (dry run unless `send`), each password in a second e-mail. */
export async function deliver(copies: CopiesResult, o: DeliverOptions): Promise<DeliveryOutcome[]> {
  const env = o.env ?? process.env;
  const report = o.report ?? (() => undefined);
  const sleep = o.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const logFile = deliveryLogFile(copies);
  const log = await readDeliveryLog(logFile);
  const sent = (c: CopyRecord, part: LogEntry['part']) =>
    log.find((e) => e.status === 'sent' && e.edition === copies.editionId && e.copy === c.copy && e.recipientId === c.recipientId && e.part === part);
  const user = env[o.smtp.userEnv];
  const pass = env[o.smtp.passEnv];
  const transport = o.send
    ? nodemailer.createTransport({
        host: o.smtp.host,
        port: o.smtp.port,
        secure: o.smtp.secure,
        requireTLS: o.smtp.requireTLS,
        ...(user ? { auth: { user, pass: pass ?? '' } } : {}),
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
        disableFileAccess: true,
        disableUrlAccess: true,
      })
    : undefined;
  const outcomes: DeliveryOutcome[] = [];
  const subject = (c: CopyRecord, what: string) => `[${copies.marking}] ${copies.seriesTitle} ${copies.editionId} — ${what} (copy ${c.copy} of ${c.total})`;
  try {
    for (const c of copies.copies) {
      const parts: { part: LogEntry['part']; message: SendMailOptions }[] = [
        {
          part: 'document',
          message: {
            subject: subject(c, 'memo'),
            text: `${c.name},\n\nAttached is copy ${c.copy} of ${c.total} of ${copies.seriesTitle}, edition ${copies.editionId}, marked ${copies.marking}.\nIt is numbered for you; do not forward it.${c.password ? '\nThe password to open it follows in a separate e-mail.' : ''}\n\nSHA-256 of the attachment: ${c.sha256}\n`,
            attachments: [{ filename: path.basename(c.file), content: await readFile(c.file), contentType: 'application/pdf' }],
          },
        },
      ];
      if (c.password) {
        parts.push({
          part: 'password',
          message: { subject: subject(c, 'password'), text: `${c.name},\n\nThe password to open copy ${c.copy} of ${c.total} (sent separately) is:\n\n    ${c.password}\n` },
        });
      }
      for (const { part, message } of parts) {
        const prior = sent(c, part);
        if (prior) {
          const detail = prior.sha256 !== c.sha256 ? 'an earlier version of this copy was sent; not sent again' : undefined;
          outcomes.push({ copy: c.copy, recipientId: c.recipientId, email: c.email, part, result: 'already-sent', detail });
          report(`already sent  copy ${c.copy} ${part} to ${c.name} <${c.email}>${detail ? ` (${detail})` : ''}`);
          continue;
        }
        if (!transport) {
          outcomes.push({ copy: c.copy, recipientId: c.recipientId, email: c.email, part, result: 'would-send' });
          report(
            `would send    copy ${c.copy} of ${c.total} ${part === 'document' ? `${path.basename(c.file)} (${(c.bytes / 1024).toFixed(0)} KB, sha256 ${c.sha256.slice(0, 12)}…)` : 'password, in a separate e-mail'} to ${c.name} <${c.email}>`,
          );
          continue;
        }
        let attempts = 0;
        for (;;) {
          attempts++;
          try {
            const info = await transport.sendMail({ ...message, from: o.smtp.from, to: { name: c.name, address: c.email } });
            await appendLog(logFile, {
              at: new Date().toISOString(),
              edition: copies.editionId,
              copy: c.copy,
              recipientId: c.recipientId,
              email: c.email,
              part,
              sha256: c.sha256,
              status: 'sent',
              attempts,
              messageId: info.messageId,
              response: info.response,
            });
            outcomes.push({ copy: c.copy, recipientId: c.recipientId, email: c.email, part, result: 'sent' });
            report(`sent          copy ${c.copy} ${part} to ${c.name} <${c.email}>`);
            break;
          } catch (err) {
            const e = err as Error & { responseCode?: number; code?: string };
            const permanent = (e.responseCode !== undefined && e.responseCode >= 500) || e.code === 'EENVELOPE' || e.code === 'EAUTH';
            if (!permanent && attempts <= o.smtp.retries) {
              await sleep(o.smtp.retryDelayMs * 2 ** (attempts - 1));
              continue;
            }
            const why = e.message.split('\n')[0] ?? 'unknown error';
            await appendLog(logFile, {
              at: new Date().toISOString(),
              edition: copies.editionId,
              copy: c.copy,
              recipientId: c.recipientId,
              email: c.email,
              part,
              sha256: c.sha256,
              status: 'failed',
              permanent,
              attempts,
              error: why,
            });
            outcomes.push({ copy: c.copy, recipientId: c.recipientId, email: c.email, part, result: 'failed', detail: `${permanent ? 'permanent' : 'gave up after retries'}: ${why}` });
            report(`FAILED        copy ${c.copy} ${part} to ${c.name} <${c.email}>: ${why}${permanent ? '' : ' (rerun to try again)'}`);
            break;
          }
        }
        // Why: never send a password whose document did not go.
        if (part === 'document' && outcomes.at(-1)?.result === 'failed') break;
      }
    }
  } finally {
    transport?.close();
  }
  return outcomes;
}
