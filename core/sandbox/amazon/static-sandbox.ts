import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';

/**
 * Replays the static sandbox pairs embedded in the official models: under each response code,
 * `x-amzn-api-sandbox.static[] = {request: {parameters: {name: {value}}}, response}` (NOTES.md §5).
 * "You get the mock response when your request includes the specified parameters" — they need not be all
 * the parameters (archived SP-API Developer Guide @ c2888de, "The Selling Partner API sandbox"). The models
 * are read at run time from a folder the caller names; nothing of them is copied into this repository.
 */
export interface StaticCase {
  operationId: string;
  method: string;
  pattern: RegExp;
  pathParams: string[];
  status: number;
  parameters: Record<string, { value?: unknown }>;
  response: unknown;
}

interface ModelOperation {
  operationId?: string;
  parameters?: { name: string; in: string; type?: string }[];
  responses?: Record<string, { 'x-amzn-api-sandbox'?: { static?: { request?: { parameters?: Record<string, { value?: unknown }> }; response?: unknown }[] } }>;
}

export function loadStaticSandbox(modelsDir: string): StaticCase[] {
  const cases: StaticCase[] = [];
  for (const file of readdirSync(modelsDir).filter((f) => f.endsWith('.json'))) {
    const model = JSON.parse(readFileSync(join(modelsDir, file), 'utf8')) as { paths?: Record<string, Record<string, ModelOperation>> };
    for (const [path, methods] of Object.entries(model.paths ?? {})) {
      const pathParams = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? '');
      const pattern = new RegExp('^' + path.replace(/\{[^}]+\}/g, '([^/]+)') + '$');
      for (const [method, op] of Object.entries(methods)) {
        if (!op || typeof op !== 'object' || !op.responses) continue;
        for (const [status, response] of Object.entries(op.responses)) {
          for (const c of response['x-amzn-api-sandbox']?.static ?? []) {
            cases.push({
              operationId: op.operationId ?? method,
              method: method.toUpperCase(),
              pattern,
              pathParams,
              status: Number(status),
              parameters: c.request?.parameters ?? {},
              response: c.response ?? null,
            });
          }
        }
      }
    }
  }
  // Most specific first, so a case naming three parameters wins over one naming none.
  return cases.sort((a, b) => Object.keys(b.parameters).length - Object.keys(a.parameters).length);
}

/** The first case whose every named parameter the request carries with the same value. */
export function matchStaticCase(cases: StaticCase[], method: string, url: URL, body: Buffer): StaticCase | null {
  let parsedBody: unknown;
  try {
    parsedBody = body.length ? JSON.parse(body.toString('utf8')) : undefined;
  } catch {
    parsedBody = undefined;
  }
  for (const c of cases) {
    if (c.method !== method) continue;
    const m = c.pattern.exec(url.pathname);
    if (!m) continue;
    const pathValues = Object.fromEntries(c.pathParams.map((name, i) => [name, decodeURIComponent(m[i + 1] ?? '')]));
    const matches = Object.entries(c.parameters).every(([name, { value }]) => {
      if (name === 'body') return isDeepStrictEqual(parsedBody, value);
      const actual = name in pathValues ? pathValues[name] : url.searchParams.get(name);
      if (actual === null || actual === undefined) return false;
      if (Array.isArray(value)) return isDeepStrictEqual(actual.split(','), value.map(String));
      return actual === String(value);
    });
    if (matches) return c;
  }
  return null;
}
