/**
 * Distribution against a real SMTP server on loopback (smtp-server): what
 * arrives, idempotent reruns after a dropped connection, permanent failures,
 * passwords sent separately, audience filtering and copy marks.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { distribute } from '../../src/distribute/index.js';
import { BriefError } from '../../src/diagnostics/diagnostic.js';
import { copyPassword } from '../../src/distribute/make-copies.js';
import { copySample, editFile, pdfPageTexts, squash, tempDir } from '../helpers/sample.js';

interface Received {
  to: string;
  mail: ParsedMail;
}

let server: SMTPServer;
let port = 0;
let received: Received[] = [];
/** Per-test behaviour: drop the connection or reject for some addresses. */
let dropFor = new Set<string>();
let rejectFor = new Set<string>();
let authSeen: { user?: string; pass?: string } = {};

beforeAll(async () => {
  server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    logger: false,
    onAuth(auth, _session, cb) {
      authSeen = { user: auth.username, pass: auth.password ?? undefined };
      cb(null, { user: auth.username });
    },
    onRcptTo(address, _session, cb) {
      if (rejectFor.has(address.address)) return cb(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
      cb();
    },
    onData(stream, session: SMTPServerSession, cb) {
      const to = session.envelope.rcptTo.map((r) => r.address).join(',');
      if (dropFor.has(to)) {
        // Simulate a server that dies mid-message: close the connection without answering.
        stream.resume();
        stream.on('end', () => (session as unknown as { _socket?: { destroy(): void } })._socket?.destroy());
        (server as unknown as { connections: Set<{ _socket: { destroy(): void }; session: SMTPServerSession }> }).connections.forEach((c) => {
          if (c.session === session) c._socket.destroy();
        });
        return;
      }
      simpleParser(stream)
        .then((mail) => {
          received.push({ to, mail });
          cb();
        })
        .catch(cb);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  port = (server.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

let tmp: ReturnType<typeof tempDir>;
let series: string;
beforeEach(() => {
  received = [];
  dropFor = new Set();
  rejectFor = new Set();
  authSeen = {};
  tmp = tempDir();
  series = copySample(tmp.dir);
  editFile(path.join(series, 'distribution.yaml'), (t) => t.replace('port: 2525', `port: ${port}\n  retries: 1\n  retryDelayMs: 0`));
  return () => tmp.cleanup();
});

const run = (extra: Partial<Parameters<typeof distribute>[0]> = {}) => distribute({ input: series, outDir: path.join(tmp.dir, 'out'), send: true, env: {}, sleep: async () => undefined, ...extra });

const perRecipient = () => {
  const counts = new Map<string, number>();
  for (const r of received) counts.set(r.to, (counts.get(r.to) ?? 0) + 1);
  return counts;
};

describe('brief distribute --send', () => {
  it('delivers one message per reader, with the right attachment and hashes matching the manifest', async () => {
    const { copies, outcomes } = await run();
    expect(outcomes.map((o) => o.result)).toEqual(['sent', 'sent', 'sent', 'sent']);
    expect([...perRecipient().values()]).toEqual([1, 1, 1, 1]);
    const manifest = JSON.parse(readFileSync(path.join(copies.dir, 'copies.json'), 'utf8')) as { copies: { copy: number; email: string; file: string; sha256: string; bytes: number }[] };
    for (const m of manifest.copies) {
      const got = received.find((r) => r.to === m.email)!;
      expect(got.mail.attachments.length).toBe(1);
      const a = got.mail.attachments[0]!;
      expect(a.filename).toBe(m.file);
      expect(createHash('sha256').update(a.content).digest('hex')).toBe(m.sha256);
      expect(a.content.length).toBe(m.bytes);
      expect(got.mail.subject).toContain(`copy ${m.copy} of 4`);
      expect(got.mail.subject).toContain('[UNCLASSIFIED]');
    }
  });

  it('after a connection dropped mid-batch, a rerun sends only what is missing: every reader gets exactly one copy', async () => {
    dropFor = new Set(['olena.kovalenko@example.org']);
    const first = await run();
    expect(first.outcomes.map((o) => o.result)).toEqual(['sent', 'sent', 'failed', 'sent']);
    expect(first.outcomes[2]!.detail).toMatch(/gave up after retries/);
    dropFor = new Set();
    const second = await run();
    expect(second.outcomes.map((o) => o.result)).toEqual(['already-sent', 'already-sent', 'sent', 'already-sent']);
    const third = await run();
    expect(third.outcomes.map((o) => o.result)).toEqual(['already-sent', 'already-sent', 'already-sent', 'already-sent']);
    expect([...perRecipient().entries()].sort()).toEqual([
      ['alex.morgan@example.org', 1],
      ['jiwon.kim@example.org', 1],
      ['olena.kovalenko@example.org', 1],
      ['sam.taylor@example.org', 1],
    ]);
  });

  it('reports a permanent failure for its reader and still sends to the others', async () => {
    rejectFor = new Set(['jiwon.kim@example.org']);
    const { outcomes } = await run();
    expect(outcomes.map((o) => o.result)).toEqual(['sent', 'failed', 'sent', 'sent']);
    expect(outcomes[1]!.detail).toMatch(/^permanent: /);
    expect(received.map((r) => r.to)).not.toContain('jiwon.kim@example.org');
  });

  it('sends each password in its own e-mail, never with the document, and keeps credentials out of logs', async () => {
    editFile(path.join(series, 'distribution.yaml'), (t) => t.replace('password: false', 'password: true'));
    const env = { BRIEF_PASSWORD_SECRET: 'test-secret-123', BRIEF_SMTP_USER: 'briefs', BRIEF_SMTP_PASS: 'smtp-pass-456' };
    const { copies, outcomes } = await run({ env });
    expect(outcomes.filter((o) => o.result === 'sent').length).toBe(8);
    expect(authSeen).toEqual({ user: 'briefs', pass: 'smtp-pass-456' });
    for (const c of copies.copies) {
      const mails = received.filter((r) => r.to === c.email);
      expect(mails.length).toBe(2);
      const doc = mails.find((m) => m.mail.attachments.length === 1)!;
      const pw = mails.find((m) => m.mail.attachments.length === 0)!;
      const expected = copyPassword('test-secret-123', 'dprk-russia-munitions', '2024-W21', c.recipientId);
      expect(pw.mail.text).toContain(expected);
      expect(doc.mail.text).not.toContain(expected);
      expect(doc.mail.attachments[0]!.content.toString('latin1')).toContain('/Encrypt');
    }
    const log = readFileSync(path.join(copies.dir, 'delivery-log.jsonl'), 'utf8');
    const manifest = readFileSync(path.join(copies.dir, 'copies.json'), 'utf8') + readFileSync(path.join(copies.dir, 'copies.csv'), 'utf8');
    for (const secret of ['test-secret-123', 'smtp-pass-456', copies.copies[0]!.password!]) {
      expect(log).not.toContain(secret);
      expect(manifest).not.toContain(secret);
    }
  });

  it('refuses to protect copies without the password secret in the environment', async () => {
    editFile(path.join(series, 'distribution.yaml'), (t) => t.replace('password: false', 'password: true'));
    await expect(run()).rejects.toThrow(/problem/);
  });

  it('is a dry run without --send: nothing is sent, nothing is logged as sent', async () => {
    const { outcomes } = await run({ send: false });
    expect(outcomes.map((o) => o.result)).toEqual(['would-send', 'would-send', 'would-send', 'would-send']);
    expect(received.length).toBe(0);
  });
});

describe('controlled copies', () => {
  it('leave out what a reader may not see, renumbered without gaps, and carry the copy mark on every page', async () => {
    const { copies } = await run({ send: false });
    const restricted = 'North Korea is being paid in cash, food and oil, and seeks Russian space and missile technology in return.';
    for (const c of copies.copies) {
      const pages = (await pdfPageTexts(readFileSync(c.file))).map(squash);
      const text = pages.join(' ');
      const mayRead = c.audiences.includes('korea-desk');
      expect(text.includes(restricted), c.name).toBe(mayRead);
      // Judgment numbers run 1…n with no gap.
      const n = mayRead ? 7 : 6;
      for (let i = 1; i <= n; i++) expect(text).toContain(`Judgment ${i}:`);
      expect(text).not.toContain(`Judgment ${n + 1}:`);
      pages.forEach((p, i) => expect(p, `${c.name} page ${i + 1}`).toContain(`Copy ${c.copy} of 4 — ${c.name}, ${c.organisation}`));
      const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
      const doc = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(c.file)), isEvalSupported: false }).promise;
      const info = (await doc.getMetadata()).info as { Subject: string; Keywords: string };
      expect(info.Subject).toContain(`Copy ${c.copy} of 4 — ${c.name}`);
      expect(info.Keywords).toContain(`Copy ${c.copy} of 4`);
      await doc.destroy();
    }
  });

  it('keep their copy numbers when the list is rebuilt', async () => {
    const a = await run({ send: false });
    const b = await run({ send: false });
    expect(b.copies.copies.map((c) => [c.copy, c.recipientId])).toEqual(a.copies.copies.map((c) => [c.copy, c.recipientId]));
  });

  it('are written all together or not at all: with a folder where one copy goes, no copy and no manifest is written', async () => {
    const { copies } = await run({ send: false });
    const dir = copies.dir;
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(copies.copies[2]!.file, { recursive: true });
    await expect(run({ send: false })).rejects.toThrow(BriefError);
    expect(readdirSync(dir)).toEqual([path.basename(copies.copies[2]!.file)]);
  });

  it('refuse an address with a comma, which SMTP would take as two, at its line, before anything is made', async () => {
    editFile(path.join(series, 'distribution.yaml'), (t) => t.replace('email: alex.morgan@example.org', 'email: "alex,morgan@example.org"'));
    const err = (await run({ send: false }).catch((e: unknown) => e)) as BriefError;
    expect(err).toBeInstanceOf(BriefError);
    expect(err.diagnostics.map((d) => [d.rule, d.position.line])).toEqual([['distribution/email', 5]]);
    expect(existsSync(path.join(tmp.dir, 'out'))).toBe(false);
  });
});
