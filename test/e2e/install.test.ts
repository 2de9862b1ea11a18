/**
 * `brief` as people get it: the repository packed with `npm pack`, the tarball installed globally into a temporary
 * npm prefix, and the README's quick start run as written (taken from the README, so this test follows it) in a new
 * folder. The series must build a deck and a memo, the installed brief must make its start-up snapshot for its own
 * folder, and every `$schema` of the series must still resolve after the series is moved elsewhere.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, tempDir } from '../helpers/sample.js';

/** The commands of the README's quick start: the first sh code block under "## Quick start". */
function quickStart(): string {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const section = readme.indexOf('\n## Quick start\n');
  if (section < 0) throw new Error('README.md has no "## Quick start" section');
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(section));
  if (!block) throw new Error('the README\'s "Quick start" has no ```sh code block');
  return block[1]!;
}

/** A tool the test needs; a missing one fails the test, never skips it. */
function requireTool(command: string, args: string[]): void {
  const r = spawnSync(command, args, { encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error(`install test: "${command}" is needed and did not run (${r.error?.message ?? r.stderr})`);
}

const show = (r: SpawnSyncReturns<string>) => `exit ${r.status}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;

/** Every YAML file of a series, outside its output and hidden folders. */
function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? (/^(\.|output$)/.test(e.name) ? [] : yamlFiles(path.join(dir, e.name))) : /\.ya?ml$/.test(e.name) ? [path.join(dir, e.name)] : [],
  );
}

describe('installing brief from a packed tarball and running the quick start', () => {
  let tmp: ReturnType<typeof tempDir>;
  let prefix: string;
  let work: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(() => {
    tmp = tempDir('briefsmith-install-');
    prefix = path.join(tmp.dir, 'prefix');
    work = path.join(tmp.dir, 'work');
    mkdirSync(work);
    // No variable of the developer's session may change what an installed brief does.
    env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('BRIEFSMITH_') && !/^npm_/i.test(k)));
    env = { ...env, npm_config_prefix: prefix, PATH: `${path.join(prefix, 'bin')}${path.delimiter}${process.env.PATH ?? ''}` };
  });
  afterAll(() => tmp?.cleanup());

  it('packs, installs globally, and the quick start builds a deck and a memo with brief from the installed package', () => {
    requireTool('npm', ['--version']);
    requireTool('bash', ['-c', 'true']);
    const commands = quickStart();
    expect(commands).toMatch(/^npm install -g .*\.tgz/m);
    expect(commands).toMatch(/^brief init /m);

    // npm pack runs `prepare` (tsc and the bundle), as it does for anyone packing a checkout.
    const packed = spawnSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: repoRoot, encoding: 'utf8', env: { ...env, npm_config_prefix: undefined } });
    expect(packed.status, show(packed)).toBe(0);
    const [{ filename, files }] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('[\n'))) as [{ filename: string; files: { path: string }[] }];
    const shipped = files.map((f) => f.path);
    for (const f of [
      'dist/brief.mjs',
      'dist/brief-main.mjs',
      'dist/brief-worker.mjs',
      'dist/brief-preview-worker.mjs',
      'dist/brief-snapshot.cjs',
      'dist/brief-make-snapshot.mjs',
      'templates/themes/default.yaml',
      'src/2-validate/schemas/series.schema.json',
      'data/dprk-russia-munitions/series.yaml',
    ])
      expect(shipped, f).toContain(f);
    // A snapshot holds the absolute paths of the folder it was made in: none is shipped.
    expect(shipped.filter((f) => f.startsWith('dist/brief.blob') || f.startsWith('dist/src/'))).toEqual([]);
    // The quick start names the tarball npm pack makes for this version.
    expect(commands).toContain(filename);

    const run = spawnSync('bash', ['-euo', 'pipefail', '-c', commands], { cwd: work, encoding: 'utf8', env });
    expect(run.status, show(run)).toBe(0);
    expect(run.stderr, show(run)).not.toMatch(/npm warn/i);

    const installed = path.join(prefix, 'lib', 'node_modules', 'briefsmith');
    expect(realpathSync(path.join(prefix, 'bin', 'brief'))).toBe(path.join(realpathSync(installed), 'dist', 'brief.mjs'));
    const series = path.join(work, 'ops-weekly');
    const [edition] = readdirSync(path.join(series, 'editions'));
    const out = path.join(series, 'output', edition!);
    const pptx = readFileSync(path.join(out, `ops-weekly-${edition}.pptx`));
    const pdf = readFileSync(path.join(out, `ops-weekly-${edition}.pdf`));
    expect(pptx.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/\/FontFile2/); // the fonts came from the installed package's dependencies
  }, 600_000);

  it('the installed brief makes its start-up snapshot for its own folder, and then starts from it', async () => {
    const dist = realpathSync(path.join(prefix, 'lib', 'node_modules', 'briefsmith', 'dist'));
    const deadline = Date.now() + 120_000;
    while (!existsSync(path.join(dist, 'brief.blob.json')) || existsSync(path.join(dist, 'brief.blob.lock'))) {
      if (Date.now() > deadline) throw new Error(`no snapshot was made in ${dist} within 120 s (${readdirSync(dist).join(', ')})`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const info = JSON.parse(readFileSync(path.join(dist, 'brief.blob.json'), 'utf8')) as { dist: string; node: string };
    expect(info).toMatchObject({ dist, node: process.version });
    expect(statSync(path.join(dist, 'brief.blob')).size).toBeGreaterThan(1_000_000);
    const r = spawnSync('brief', ['--version'], { cwd: tmp.dir, encoding: 'utf8', env: { ...env, BRIEFSMITH_TRACE_START: '1' } });
    expect(r.status, show(r)).toBe(0);
    expect(r.stderr).toBe('briefsmith: starting from snapshot\n');
    // The Word memo too: docx is not installed, but bundled beside the snapshot.
    const build = spawnSync('brief', ['build', '--format', 'pdf,docx', '--out', path.join(tmp.dir, 'from-snapshot')], {
      cwd: path.join(work, 'ops-weekly'),
      encoding: 'utf8',
      env: { ...env, BRIEFSMITH_TRACE_START: '1' },
    });
    expect(build.status, show(build)).toBe(0);
    expect(build.stderr).toBe('briefsmith: starting from snapshot\n');
    expect(build.stdout).toMatch(/wrote .*\.docx/);
    expect(existsSync(path.join(prefix, 'lib', 'node_modules', 'briefsmith', 'node_modules', 'docx'))).toBe(false);
  }, 180_000);

  it('every $schema of the series still resolves to a file after the series is moved elsewhere', () => {
    const moved = path.join(tmp.dir, 'elsewhere', 'deeper', 'ops-weekly');
    mkdirSync(path.dirname(moved), { recursive: true });
    renameSync(path.join(work, 'ops-weekly'), moved);
    // The tool moving must not matter either: the copy lives in the series.
    cpSync(moved, path.join(tmp.dir, 'copy'), { recursive: true });
    for (const root of [moved, path.join(tmp.dir, 'copy')]) {
      const refs = yamlFiles(root).map((file) => ({ file, ref: /^\$schema:\s*(\S+)\s*$/m.exec(readFileSync(file, 'utf8'))?.[1] }));
      expect(refs.length).toBeGreaterThanOrEqual(6);
      for (const { file, ref } of refs) {
        expect(ref, `${file} has no $schema`).toBeDefined();
        expect(ref, file).not.toMatch(/^\/|:\/\/|node_modules|prefix/);
        const target = path.resolve(path.dirname(file), ref!);
        expect(existsSync(target), `${path.relative(root, file)}: $schema ${ref} does not resolve`).toBe(true);
        expect(target.startsWith(path.join(root, '.briefsmith', 'schemas') + path.sep)).toBe(true);
        expect((JSON.parse(readFileSync(target, 'utf8')) as { $schema?: string }).$schema).toMatch(/json-schema\.org/);
      }
    }
  });
});
