import type { AddressInfo } from 'node:net';
import PostalMime, { type Email } from 'postal-mime';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

/**
 * A real SMTP server for tests: it speaks SMTP to nodemailer, parses what it accepts,
 * and answers as the test tells it to (250, a 4xx or 5xx reply, or a dropped connection).
 */

export interface ReceivedMail {
  envelope: { from: string; to: string[] };
  raw: Buffer;
  parsed: Email;
}

/** What the server does with the message of one DATA command. */
export type Verdict =
  /**
   * 250, after `delayMs` when given (a slow server widens the window for faults), and after
   * `before` has run (a fault caused at the moment the message is in, the 250 not yet sent).
   */
  | { kind: 'accept'; delayMs?: number; before?: () => Promise<void> }
  | { kind: 'reply'; code: number; message: string }
  /** Read the whole message, then close the connection without answering. */
  | { kind: 'drop' };

export interface DeliveryAttempt {
  envelope: { from: string; to: string[] };
  verdict: Verdict['kind'];
  code: number;
}

export interface TestSmtpServer {
  port: number;
  url: string;
  /** Messages accepted with 250, in order (none with a `sink`). */
  received: ReceivedMail[];
  /** Every DATA transaction, accepted or not. */
  attempts: DeliveryAttempt[];
  /** Decides each following message's fate; receives the attempt number (1-based, per run). */
  respondWith(decide: (attempt: number, envelope: DeliveryAttempt['envelope']) => Verdict): void;
  /** Messages accepted for `address`. */
  receivedBy(address: string): ReceivedMail[];
  close(): Promise<void>;
}

/** What a sink is told of each accepted message. */
export interface SunkMessage {
  envelope: { from: string; to: string[] };
  /** The Message-ID header, as sent (`<…>`), or '' without one. */
  messageId: string;
}

export interface TestSmtpServerOptions {
  /**
   * Hands each accepted message to this function instead of parsing and keeping it
   * (`received` stays empty): for benchmarks and soaks that send tens of thousands of
   * e-mails and need only who got which Message-ID, without the server parsing each one on
   * the cores the system under measurement runs on.
   */
  sink?: (message: SunkMessage) => void;
}

/** The Message-ID header of a raw message, from its header block only. */
function messageIdOf(raw: Buffer): string {
  const end = raw.indexOf('\r\n\r\n');
  const headers = raw.subarray(0, end === -1 ? raw.length : end).toString('latin1');
  return /^message-id:\s*(<[^>\r\n]*>)/imu.exec(headers)?.[1] ?? '';
}

export async function startTestSmtpServer({ sink }: TestSmtpServerOptions = {}): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const attempts: DeliveryAttempt[] = [];
  let decide: (attempt: number, envelope: DeliveryAttempt['envelope']) => Verdict = () => ({ kind: 'accept' });

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (error?: Error | null) => void) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((recipient) => recipient.address),
        };
        const verdict = decide(attempts.length + 1, envelope);
        const raw = Buffer.concat(chunks);
        if (verdict.kind === 'drop') {
          attempts.push({ envelope, verdict: 'drop', code: 0 });
          // End this client's socket without a reply to DATA.
          for (const connection of connectionsOf(server)) {
            if (connection.id === session.id) connection._socket?.destroy();
          }
          return;
        }
        if (verdict.kind === 'reply' && verdict.code !== 250) {
          attempts.push({ envelope, verdict: 'reply', code: verdict.code });
          callback(Object.assign(new Error(verdict.message), { responseCode: verdict.code }));
          return;
        }
        attempts.push({ envelope, verdict: 'accept', code: 250 });
        const delayMs = verdict.kind === 'accept' ? (verdict.delayMs ?? 0) : 0;
        const before = verdict.kind === 'accept' ? verdict.before : undefined;
        Promise.all([sink ? undefined : PostalMime.parse(raw), before?.()]).then(
          ([parsed]) => {
            const accept = () => {
              if (sink) sink({ envelope, messageId: messageIdOf(raw) });
              else if (parsed) received.push({ envelope, raw, parsed });
              callback();
            };
            if (delayMs > 0) setTimeout(accept, delayMs);
            else accept();
          },
          (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
        );
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  server.on('error', () => {});
  const { port } = server.server.address() as AddressInfo;

  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    attempts,
    respondWith(next) {
      decide = next;
    },
    receivedBy(address) {
      const wanted = address.toLowerCase();
      return received.filter((mail) => mail.envelope.to.some((to) => to.toLowerCase() === wanted));
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface ConnectionWithSocket {
  id: string;
  _socket?: { destroy(): void };
}

function connectionsOf(server: SMTPServer): Iterable<ConnectionWithSocket> {
  return (server as unknown as { connections: Set<ConnectionWithSocket> }).connections;
}
