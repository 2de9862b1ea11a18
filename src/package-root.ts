/** Locates Briefsmith's own install folder, whether run from src/ (tests) or dist/ (CLI). */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'briefsmith') return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error('briefsmith: cannot find its package.json');
    dir = up;
  }
}

/** Absolute path of the briefsmith package (holds templates/, data/, src/…/schemas). */
export const packageRoot = findRoot();
