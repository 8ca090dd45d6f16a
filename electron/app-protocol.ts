import { readFile } from 'node:fs/promises';
import * as nodePath from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../core/host/content-security-policy';
import { STATIC_CONTENT_TYPES as MIME } from '../core/net/static-content-types';

/**
 * The renderer is served from app://ml-connector/ instead of file:// (Electron security checklist §18):
 * a file:// page may read any other file:// URL, and every check on "our own files" would be a path prefix
 * on the whole disk. With its own scheme the page has one origin, and this module decides what it may load.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'ml-connector';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/** Registered before the app is ready (protocol.registerSchemesAsPrivileged): a standard, secure origin. */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true } as const;

export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

/**
 * Whether `candidate` is `root` or lies under it. The trailing separator matters: without it
 * /app/dist/renderer-evil would pass as inside /app/dist/renderer.
 */
export function isInside(root: string, candidate: string, path: Pick<typeof nodePath, 'resolve' | 'sep'> = nodePath): boolean {
  const r = path.resolve(root);
  const c = path.resolve(candidate);
  return c === r || c.startsWith(r.endsWith(path.sep) ? r : r + path.sep);
}


/** The file an app:// URL names inside the built renderer, or the status that refuses it. */
export function appFileFor(url: string, rendererDir: string): { file: string } | { status: 400 | 403 | 404 } {
  if (!isAppUrl(url)) return { status: 403 };
  let path: string;
  try {
    path = decodeURIComponent(new URL(url).pathname);
  } catch {
    return { status: 400 };
  }
  if (path.includes('\0')) return { status: 400 };
  // A route of the single-page app (no extension) is the page itself.
  const relative = path === '/' || nodePath.extname(path) === '' ? 'index.html' : path.replace(/^\/+/, '');
  const file = nodePath.resolve(rendererDir, relative);
  if (!isInside(rendererDir, file) || file === nodePath.resolve(rendererDir)) return { status: 403 };
  return MIME[nodePath.extname(file).toLowerCase()] ? { file } : { status: 404 };
}

/** The protocol.handle('app', ...) answer: the file with its type and the app's Content-Security-Policy. */
export async function serveAppRequest(url: string, rendererDir: string): Promise<Response> {
  const found = appFileFor(url, rendererDir);
  if ('status' in found) return new Response(null, { status: found.status });
  try {
    const body = await readFile(found.file);
    return new Response(body, {
      headers: {
        'content-type': MIME[nodePath.extname(found.file).toLowerCase()]!,
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
      },
    });
  } catch {
    return new Response(null, { status: 404 });
  }
}
