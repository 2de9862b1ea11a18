/** `brief distribute`: numbered copies for every reader on the list, then (with --send) delivery over SMTP. */
import { BriefError, fileStart } from '../diagnostics/diagnostic.js';
import { resolveTarget } from '../1-load/load-brief.js';
import { loadDistributionList } from './distribution-list.js';
import { makeCopies, type CopiesResult } from './make-copies.js';
import { deliver, type DeliveryOutcome } from './deliver.js';
import type { BuildContext } from '../build-context.js';

/** Options of a distribution run. */
export interface DistributeOptions {
  input?: string;
  edition?: string;
  outDir: string;
  send: boolean;
  listFile?: string;
  env?: NodeJS.ProcessEnv;
  report?: (line: string) => void;
  sleep?: (ms: number) => Promise<void>;
  /** The build context to build the copies in (a new one when absent). */
  ctx?: BuildContext;
}

/** Makes the copies and delivers them (dry run unless `send`). */
export async function distribute(o: DistributeOptions): Promise<{ copies: CopiesResult; outcomes: DeliveryOutcome[] }> {
  const target = resolveTarget(o.input, o.edition);
  const list = await loadDistributionList(target.seriesDir, o.listFile);
  if (!list.smtp) throw new BriefError([{ severity: 'error', rule: 'distribution/no-smtp', position: fileStart(list.file), message: 'the distribution list has no smtp settings (host, port, from)' }]);
  const copies = await makeCopies({ input: o.input, edition: o.edition, outDir: o.outDir }, list, o.env, o.ctx);
  const outcomes = await deliver(copies, { send: o.send, smtp: list.smtp, env: o.env, report: o.report, sleep: o.sleep });
  return { copies, outcomes };
}
