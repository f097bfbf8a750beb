import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A real HTTP receiver for tests, standing in for a CRM's webhook endpoint, a Teams Workflows
 * webhook or a Slack incoming webhook: it records every request it gets and answers as the test
 * says: 2xx, another status (500, 410), slowly, or by dropping the connection.
 */

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The body exactly as received. */
  body: string;
  /** When it arrived. */
  at: Date;
  /** What it was answered: a status, or `dropped`. */
  answer: number | 'dropped';
}

export type ReceiverVerdict =
  /** Answer with this status (after `delayMs`: longer than the notifier's timeout is a timeout), and these headers. */
  | { kind: 'answer'; status: number; delayMs?: number; headers?: Record<string, string> }
  /** Close the connection without answering. */
  | { kind: 'drop' };

export interface TestHttpReceiver {
  port: number;
  /** http://127.0.0.1:<port><path>. */
  url(path?: string): string;
  /** Every request, in order. */
  received: ReceivedRequest[];
  /** The requests answered with a 2xx. */
  accepted(): ReceivedRequest[];
  /** Decides each following request's fate; receives its number (1-based) and the request. */
  respondWith(decide: (attempt: number, request: Omit<ReceivedRequest, 'answer'>) => ReceiverVerdict): void;
  close(): Promise<void>;
}

export async function startTestHttpReceiver(): Promise<TestHttpReceiver> {
  const received: ReceivedRequest[] = [];
  let decide: (attempt: number, request: Omit<ReceivedRequest, 'answer'>) => ReceiverVerdict = () => ({ kind: 'answer', status: 200 });
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const answer = (response: ServerResponse, status: number, headers: Record<string, string> = {}) => {
    response.writeHead(status, { 'content-type': 'text/plain', ...headers });
    response.end(status >= 200 && status < 300 ? 'ok' : 'no');
  };

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const got = { method: request.method ?? '', path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), at: new Date() };
      const verdict = decide(received.length + 1, got);
      if (verdict.kind === 'drop') {
        received.push({ ...got, answer: 'dropped' });
        request.socket.destroy();
        return;
      }
      received.push({ ...got, answer: verdict.status });
      if (!verdict.delayMs) {
        answer(response, verdict.status, verdict.headers);
        return;
      }
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (!response.destroyed) answer(response, verdict.status, verdict.headers);
      }, verdict.delayMs);
      timers.add(timer);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    port,
    url: (path = '/') => `http://127.0.0.1:${port}${path}`,
    received,
    accepted: () => received.filter((request) => typeof request.answer === 'number' && request.answer >= 200 && request.answer < 300),
    respondWith(next) {
      decide = next;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
