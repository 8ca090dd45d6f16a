import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The shared reference material (official API models and specs), read at test time and never copied into
 * the repository. It sits beside the repository: `../shared/reference` from the repository's root. A git
 * worktree checked out elsewhere finds it beside the main checkout, which its `.git` file points to.
 */
const root = resolve(__dirname, '..', '..');

function candidates(): string[] {
  const beside = (checkout: string) => join(checkout, '..', 'shared', 'reference');
  const out = [beside(root)];
  const dotGit = join(root, '.git');
  if (existsSync(dotGit) && statSync(dotGit).isFile()) {
    const gitDir = resolve(root, /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, 'utf8'))?.[1]?.trim() ?? '.git');
    const commonFile = join(gitDir, 'commondir');
    const common = existsSync(commonFile) ? resolve(gitDir, readFileSync(commonFile, 'utf8').trim()) : gitDir;
    out.push(beside(resolve(common, '..')));
  }
  return out;
}

function findReference(): string {
  const tried = candidates();
  const found = tried.find((dir) => existsSync(dir));
  if (!found) throw new Error(`The shared reference folder is missing: looked in ${tried.join(' and ')}.`);
  return found;
}

export const REFERENCE_DIR = findReference();

/** A file of the reference by its path inside it, e.g. referencePath('erp', 'specs', 'bc-apiv2-page-fields.json'). */
export function referencePath(...parts: string[]): string {
  return join(REFERENCE_DIR, ...parts);
}

/** The text of a reference file; a missing file says which one and where it was looked for. */
export function readReference(...parts: string[]): string {
  const file = referencePath(...parts);
  if (!existsSync(file)) throw new Error(`Reference file ${parts.join('/')} is missing from ${REFERENCE_DIR}.`);
  return readFileSync(file, 'utf8');
}
