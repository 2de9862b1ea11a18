/** A deck built on an organisation's template opens in LibreOffice, one page per slide. */
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { makeBaseTemplate } from '../helpers/base-template.js';
import { cliPath, copySample, editFile, tempDir } from '../helpers/sample.js';

const tmp = tempDir('briefsmith-base-e2e-');
afterAll(() => tmp.cleanup());

it('converts with LibreOffice, every slide present, text inside the slide', async () => {
  if (spawnSync('sh', ['-c', 'command -v soffice']).status !== 0) throw new Error('soffice is not installed: run test/e2e/install-tools.sh');
  const series = copySample(tmp.dir);
  writeFileSync(path.join(series, 'corporate.potx'), await makeBaseTemplate(true));
  editFile(path.join(series, 'series.yaml'), (t) => `${t}deck:\n  base: corporate.potx\n  layouts:\n    figure: ACME Wide Chart\n`);
  const out = path.join(tmp.dir, 'out');
  const r = spawnSync(process.execPath, [cliPath, 'build', series, '--out', out, '--format', 'pptx'], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  const deck = path.join(out, '2024-W21', 'dprk-russia-munitions-2024-W21.pptx');
  execFileSync('soffice', ['--headless', '--norestore', `-env:UserInstallation=file://${tmp.dir}/lo`, '--convert-to', 'pdf', '--outdir', tmp.dir, deck]);
  const pdf = path.join(tmp.dir, 'dprk-russia-munitions-2024-W21.pdf');
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
  expect(pages).toBeGreaterThanOrEqual(16);
  const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
  expect(text).toContain('ACME');
  expect(text).toContain('Key judgments (1/2)');
  expect(text).not.toContain('Delete me');
}, 180_000);
