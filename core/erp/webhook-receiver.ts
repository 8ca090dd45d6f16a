import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A small HTTP listener on the loopback interface for ERP webhook calls. A desktop app has no public
 * address: the user points a tunnel or reverse proxy at this port and enters the public URL on the
 * connection. It answers
 * - the validation handshake: any request with ?validationToken=... gets 200 text/plain with the token
 *   echoed as the body (BCDOCS dynamics-subscriptions.md: "returning validationToken in the response body
 *   and provide status code 200"; BC gives the subscriber 5 seconds, so this never waits on anything);
 * - notifications: a POST with a JSON body is handed to `onNotification` and answered 202 at once. Work
 *   happens afterwards, because BC deletes a subscription whose notification gets an error answer other
 *   than 408/429/5xx.
 */
export interface ReceiverOptions {
  /** Port on 127.0.0.1; 0 picks a free one. */
  port: number;
  onNotification: (body: unknown) => void;
  onHandshake?: (token: string) => void;
}

export interface NotificationReceiver {
  /** http://127.0.0.1:port */
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startNotificationReceiver(o: ReceiverOptions): Promise<NotificationReceiver> {
  const server: Server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://127.0.0.1');
    const token = u.searchParams.get('validationToken');
    if (token !== null) {
      req.resume();
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(token);
      o.onHandshake?.(token);
      return;
    }
    if (req.method !== 'POST') {
      req.resume();
      res.writeHead(405, { allow: 'POST' });
      res.end();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= 5_000_000) chunks.push(c);
    });
    req.on('end', () => {
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('The body is not JSON.');
        return;
      }
      res.writeHead(202);
      res.end();
      setImmediate(() => o.onNotification(body));
    });
  });
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
