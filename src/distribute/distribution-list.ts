/** The series' distribution list (distribution.yaml): readers, protection and SMTP settings, validated. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { BriefError, DiagnosticSink, fileStart } from '../diagnostics/diagnostic.js';
import { loadYamlFile } from '../1-load/yaml-source.js';
import { messages } from '../diagnostics/messages.js';
import { defaultLimits } from '../1-load/limits.js';
import { Schemas, validateAgainstSchema } from '../2-validate/schema-validator.js';

/** One reader of a controlled product. */
export interface Recipient {
  id: string;
  name: string;
  email: string;
  organisation: string;
  audiences: string[];
  /** 1-based copy number: the reader's place in the list. */
  copy: number;
}

/** SMTP settings; credentials are read from the environment when sending, never from files. */
export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  requireTLS: boolean;
  from: string;
  userEnv: string;
  passEnv: string;
  retries: number;
  retryDelayMs: number;
}

/** The validated distribution list. */
export interface DistributionList {
  file: string;
  recipients: Recipient[];
  protection?: { password: boolean; passwordSecretEnv: string; printing: boolean; copying: boolean };
  smtp?: SmtpSettings;
}

interface Written {
  recipients: Omit<Recipient, 'copy'>[];
  protection?: { password?: boolean; passwordSecretEnv?: string; printing?: boolean; copying?: boolean };
  smtp?: Partial<SmtpSettings> & { host: string; port: number; from: string };
}

/** Loads `distribution.yaml` from the series folder (or `file`); every problem is reported at once. */
export async function loadDistributionList(seriesDir: string, file = path.join(seriesDir, 'distribution.yaml')): Promise<DistributionList> {
  const sink = new DiagnosticSink();
  if (!existsSync(file))
    throw new BriefError([
      {
        severity: 'error',
        rule: 'distribution/missing',
        position: fileStart(file),
        message: `no distribution list: create ${path.relative(process.cwd(), file) || file} (see the README, "Distribution")`,
      },
    ]);
  // A list named on the command line may live outside the series: the user chose it.
  const source = await loadYamlFile<Written>(file, sink, { scope: { roots: [seriesDir, path.dirname(path.resolve(file))], limits: defaultLimits } });
  sink.throwIfErrors();
  validateAgainstSchema('distribution', source!, sink, new Schemas());
  sink.throwIfErrors();
  const w = source!.value;
  const seen = new Map<string, number>();
  w.recipients.forEach((r, i) => {
    if (!isMailbox(r.email)) sink.error(source!.locate(['recipients', i, 'email']), messages.notMailbox(r.email), 'distribution/email');
    for (const [key, value] of [
      ['id', r.id],
      ['email', r.email.toLowerCase()],
    ] as const) {
      const k = `${key}:${value}`;
      if (seen.has(k)) sink.error(source!.locate(['recipients', i, key]), `${key} "${value}" is already used by recipient ${seen.get(k)! + 1}`, `distribution/duplicate-${key}`);
      else seen.set(k, i);
    }
  });
  sink.throwIfErrors();
  return {
    file,
    recipients: w.recipients.map((r, i) => ({ ...r, copy: i + 1 })),
    protection: w.protection
      ? {
          password: w.protection.password ?? false,
          passwordSecretEnv: w.protection.passwordSecretEnv ?? 'BRIEF_PASSWORD_SECRET',
          printing: w.protection.printing ?? true,
          copying: w.protection.copying ?? true,
        }
      : undefined,
    smtp: w.smtp ? { secure: false, requireTLS: false, userEnv: 'BRIEF_SMTP_USER', passEnv: 'BRIEF_SMTP_PASS', retries: 3, retryDelayMs: 1000, ...w.smtp } : undefined,
  };
}

// RFC 5322's dot-atom form of an address (RFC 5321's limits on length): no display name, no list, no comments.
const ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const LOCAL = new RegExp(`^${ATEXT}(\\.${ATEXT})*$`);
const LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** True when `address` is one mailbox, local@domain with a dotted domain, as SMTP servers accept it. */
export function isMailbox(address: string): boolean {
  const at = address.lastIndexOf('@');
  if (at <= 0 || address.length > 254) return false;
  const local = address.slice(0, at);
  const labels = address.slice(at + 1).split('.');
  return local.length <= 64 && LOCAL.test(local) && labels.length >= 2 && labels.every((l) => LABEL.test(l)) && !/^\d+$/.test(labels.at(-1)!);
}
