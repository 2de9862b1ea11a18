/** The series' distribution list (distribution.yaml): readers, protection and SMTP settings, validated. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { BriefError, DiagnosticSink, fileStart } from '../diagnostics/diagnostic.js';
import { loadYamlFile } from '../1-load/yaml-source.js';
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
  const source = await loadYamlFile<Written>(file, sink);
  sink.throwIfErrors();
  validateAgainstSchema('distribution', source!, sink, new Schemas());
  sink.throwIfErrors();
  const w = source!.value;
  const seen = new Map<string, number>();
  w.recipients.forEach((r, i) => {
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
