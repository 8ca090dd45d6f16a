import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { referencePath } from '../support/reference';

/**
 * Contract checks against Amazon's official Swagger 2.0 models, read at test time from the shared
 * reference folder (never copied into the repo). Shapes are checked by ajv, a maintained JSON-Schema
 * validator; nothing here restates a shape by hand.
 */
export const MODELS_DIR = referencePath('amazon', 'models');

interface SwaggerParam {
  name: string;
  in: string;
  required?: boolean;
  type?: string;
  items?: { type?: string; enum?: string[] };
  enum?: string[];
  minimum?: number;
  maximum?: number;
  format?: string;
}
interface SwaggerOperation {
  operationId: string;
  parameters?: SwaggerParam[];
  responses: Record<string, { schema?: unknown; headers?: Record<string, unknown> }>;
  description?: string;
}
interface SwaggerModel {
  paths: Record<string, Record<string, SwaggerOperation | unknown>>;
  definitions: Record<string, unknown>;
}

const models = new Map<string, SwaggerModel>();
export function model(file: string): SwaggerModel {
  let m = models.get(file);
  if (!m) {
    m = JSON.parse(readFileSync(join(MODELS_DIR, file), 'utf8')) as SwaggerModel;
    models.set(file, m);
  }
  return m;
}

export function operation(file: string, operationId: string): { method: string; path: string; op: SwaggerOperation } {
  for (const [path, methods] of Object.entries(model(file).paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (op && typeof op === 'object' && (op as SwaggerOperation).operationId === operationId) {
        return { method: method.toUpperCase(), path, op: op as SwaggerOperation };
      }
    }
  }
  throw new Error(`${operationId} is not in ${file}`);
}

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const compiled = new Map<string, ValidateFunction>();

function validator(file: string, schema: unknown, key: string): ValidateFunction {
  let v = compiled.get(key);
  if (!v) {
    if (!ajv.getSchema(file)) ajv.addSchema({ $id: file, definitions: model(file).definitions }, file);
    const rewritten = JSON.parse(JSON.stringify(schema).replace(/"#\/definitions\//g, `"${file}#/definitions/`)) as object;
    v = ajv.compile(rewritten);
    compiled.set(key, v);
  }
  return v;
}

/** Errors of a response body against the model's schema for that status ([] when valid). */
export function responseErrors(file: string, operationId: string, status: number, body: unknown): string[] {
  const { op } = operation(file, operationId);
  const response = op.responses[String(status)];
  if (!response) return [`${operationId} declares no ${status} response`];
  if (!response.schema) return [];
  const v = validator(file, response.schema, `${file}:${operationId}:${status}`);
  return v(body) ? [] : (v.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}

/** Header names the model declares for a status (lower-cased). */
export function declaredHeaders(file: string, operationId: string, status: number): string[] {
  const { op } = operation(file, operationId);
  return Object.keys(op.responses[String(status)]?.headers ?? {}).map((h) => h.toLowerCase());
}

/**
 * Errors of a request URL against the operation's declared path and query parameters: unknown
 * parameters, missing required ones, wrong types or enum values. Swagger 2.0 arrays default to csv.
 */
export function requestErrors(file: string, operationId: string, method: string, url: string): string[] {
  const { method: m, path, op } = operation(file, operationId);
  const u = new URL(url);
  const errors: string[] = [];
  if (m !== method.toUpperCase()) errors.push(`method ${method} but model says ${m}`);
  const pathPattern = new RegExp('^' + path.replace(/\{[^}]+\}/g, '[^/]+') + '$');
  if (!pathPattern.test(u.pathname)) errors.push(`path ${u.pathname} does not match ${path}`);
  const queryParams = (op.parameters ?? []).filter((p) => p.in === 'query');
  const properties: Record<string, unknown> = {};
  for (const p of queryParams) {
    const { name: _n, in: _i, required: _r, ...schema } = p;
    properties[p.name] = schema;
  }
  const schema = {
    type: 'object',
    properties,
    required: queryParams.filter((p) => p.required).map((p) => p.name),
    additionalProperties: false,
  };
  const value: Record<string, unknown> = {};
  for (const [k, v] of u.searchParams) {
    const p = queryParams.find((q) => q.name === k);
    value[k] = p?.type === 'array' ? v.split(',') : p?.type === 'integer' || p?.type === 'number' ? Number(v) : p?.type === 'boolean' ? v === 'true' : v;
  }
  const v = validator(file, schema, `${file}:${operationId}:request:${JSON.stringify(schema).length}:${Math.random()}`);
  if (!v(value)) errors.push(...(v.errors ?? []).map((e) => `query${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`));
  return errors;
}

/** Usage plan (rate, burst) parsed from the operation's description table. */
export function modelUsagePlan(file: string, operationId: string): { rate: number; burst: number } | null {
  const { op } = operation(file, operationId);
  const m = /\|\s*([\d.]+)\s*\|\s*(\d+)\s*\|/.exec(op.description ?? '');
  return m ? { rate: Number(m[1]), burst: Number(m[2]) } : null;
}

/** Errors of a request body against the operation's `in: body` parameter schema. */
export function requestBodyErrors(file: string, operationId: string, body: unknown): string[] {
  const { op } = operation(file, operationId);
  const param = (op.parameters ?? []).find((p) => p.in === 'body') as (SwaggerParam & { schema?: unknown }) | undefined;
  if (!param?.schema) return [`${operationId} takes no body`];
  const v = validator(file, param.schema, `${file}:${operationId}:body`);
  return v(body) ? [] : (v.errors ?? []).map((e) => `body${e.instancePath} ${e.message ?? ''}`);
}
