// The house rules of DESIGN.md §1, read from the code's own imports with the TypeScript compiler's
// pre-processor (the same reading tsc does): which folder may import which, and no import cycles.
// `npm test` runs this with the unit tests, so an upward import fails the build, not a review.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, normalize, relative, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');

/**
 * The layers of core/, lowest first. A folder may import its own files and any folder on a lower layer;
 * folders on one layer never import each other. Keep in step with DESIGN.md §1 and core/README.md.
 */
const CORE_LAYERS: readonly (readonly string[])[] = [
  ['errors'],
  ['store', 'credentials', 'money', 'net', 'text'],
  ['clock', 'attention'],
  ['erp', 'amazon'],
  ['sandbox'],
  ['connections'],
  ['settlement'],
  ['mapping'],
  ['returns'],
  ['workspace'],
  ['review'],
  ['posting'],
  ['listings', 'vendor', 'fulfilment'],
  ['sync', 'reports', 'dashboard', 'demo'],
  ['api'],
  ['host'],
];
const layerOf = new Map(CORE_LAYERS.flatMap((folders, i) => folders.map((f) => [f, i] as const)));

/** What the renderer may import of core: the API contract (schemas, types, formatting), nothing with Node in it. */
const RENDERER_MAY_IMPORT = (target: string) => target === 'core/api/index.ts' || target === 'core/api/contract.ts' || target.startsWith('core/api/calls/');
const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const rel = join(dir, name);
    if (statSync(join(root, rel)).isDirectory()) return sourceFiles(rel);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [rel.split(sep).join('/')] : [];
  });
}

interface Import { from: string; spec: string; target: string | null }

function resolveLocal(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = normalize(join(dirname(from), spec)).split(sep).join('/');
  // Only source files take part in the layering; data read at build time (package.json) does not.
  for (const candidate of [`${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`, ...(/\.tsx?$/.test(base) ? [base] : [])]) {
    try {
      if (statSync(join(root, candidate)).isFile()) return candidate;
    } catch {
      // not this one
    }
  }
  return null;
}

function importsOf(file: string): Import[] {
  const info = ts.preProcessFile(readFileSync(join(root, file), 'utf8'), true, true);
  return info.importedFiles.map((f) => ({ from: file, spec: f.fileName, target: resolveLocal(file, f.fileName) }));
}

const all = ['core', 'renderer', 'electron'].flatMap(sourceFiles).map((file) => ({ file, imports: importsOf(file) }));
const folderOf = (coreFile: string) => coreFile.split('/')[1]!;

/** Every import that breaks a rule, as "file -> target: why". */
export function layerViolations(files = all): string[] {
  const out: string[] = [];
  for (const { file, imports } of files) {
    for (const i of imports) {
      const to = i.target ?? i.spec;
      if (file.startsWith('core/')) {
        if (i.target && !i.target.startsWith('core/')) out.push(`${file} -> ${to}: core imports nothing above it`);
        else if (['electron', 'react', 'react-dom'].includes(i.spec) || i.spec.startsWith('react/')) out.push(`${file} -> ${to}: core never imports ${i.spec}`);
        else if (i.target) {
          const [a, b] = [folderOf(file), folderOf(i.target)];
          if (a === b || b.endsWith('.ts')) continue;
          const [la, lb] = [layerOf.get(a), layerOf.get(b)];
          if (la === undefined) out.push(`${file}: core/${a} has no layer in CORE_LAYERS`);
          else if (lb === undefined) out.push(`${file} -> ${to}: core/${b} has no layer in CORE_LAYERS`);
          else if (lb >= la) out.push(`${file} -> ${to}: core/${a} may not import core/${b} (${lb > la ? 'a higher layer' : 'the same layer'})`);
        }
      } else if (file.startsWith('renderer/')) {
        if (NODE_BUILTINS.has(i.spec) || i.spec === 'electron') out.push(`${file} -> ${i.spec}: the renderer runs in a sandboxed page without Node or Electron`);
        else if (i.target?.startsWith('core/') && !RENDERER_MAY_IMPORT(i.target)) out.push(`${file} -> ${to}: the renderer imports only the core/api contract`);
        else if (i.target?.startsWith('electron/')) out.push(`${file} -> ${to}: the renderer talks to the shell only through the API client`);
      }
    }
  }
  return out;
}

/** Import cycles between files (strongly connected components of more than one file). */
export function fileCycles(files = all): string[][] {
  const graph = new Map(files.map(({ file, imports }) => [file, imports.flatMap((i) => (i.target ? [i.target] : []))]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

describe('the house rules (DESIGN.md §1)', () => {
  it('every core folder has a layer', () => {
    const folders = readdirSync(join(root, 'core')).filter((f) => statSync(join(root, 'core', f)).isDirectory());
    expect(folders.filter((f) => !layerOf.has(f))).toEqual([]);
  });

  it('imports point down the layers: core by its layer order, the renderer to the API contract only, nothing of core upward', () => {
    expect(layerViolations()).toEqual([]);
  });

  it('no file imports itself through others', () => {
    expect(fileCycles().map((c) => c.map((f) => relative(root, join(root, f))).join(' -> '))).toEqual([]);
  });

  it('a planted upward import is caught', () => {
    const planted = [{ file: 'core/money/planted.ts', imports: [{ from: 'core/money/planted.ts', spec: '../api', target: 'core/api/index.ts' }] }];
    expect(layerViolations(planted)).toEqual(['core/money/planted.ts -> core/api/index.ts: core/money may not import core/api (a higher layer)']);
    const renderer = [{ file: 'renderer/x.tsx', imports: [{ from: 'renderer/x.tsx', spec: 'node:fs', target: null }] }];
    expect(layerViolations(renderer)).toHaveLength(1);
  });
});
