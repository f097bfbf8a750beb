import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

/**
 * Keys whose values are personal data or secrets. They should never reach a log line in
 * the first place (we log ids, not people); this list is the safety net.
 */
export const redactedPaths = [
  'email',
  '*.email',
  'to',
  '*.to',
  'motivation',
  '*.motivation',
  'respondent',
  '*.respondent',
  'token',
  '*.token',
  'password',
  '*.password',
  'apiKey',
  '*.apiKey',
  'smtpUrl',
  'databaseUrl',
  'redisUrl',
  'err.detail',
  'error.detail',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
];

/**
 * Paths whose last segment is a secret (personal links) or personal data (the address of an
 * erasure); logged without it.
 */
const SECRET_PATH = /^(\/s\/|\/login\/|\/ack\/|\/digest\/unsubscribe\/|\/api\/v1\/contacts\/)[^?#]+/u;

export function withoutSecrets(url: string): string {
  return url.replace(SECRET_PATH, '$1[redacted]');
}

// Fastify's request and response log fields, reduced to what ops need: no headers, no query
// strings (they may carry personal links), no client addresses.
const serializers = {
  req: (request: { method: string; url: string }) => ({ method: request.method, url: withoutSecrets(request.url.split('?')[0] ?? '') }),
  res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
  err: pino.stdSerializers.err,
};

/** The longest a log line waits in the buffer before it is written. */
const LOG_FLUSH_MS = 100;

export interface LoggerSettings {
  service: string;
  level: string;
  /** Pretty, coloured lines; by default only when stdout is a terminal. */
  pretty?: boolean;
  destination?: pino.DestinationStream;
}

export function createLogger({ service, level, pretty, destination }: LoggerSettings): Logger {
  const options: LoggerOptions = {
    level,
    base: { service },
    redact: { paths: redactedPaths, censor: '[redacted]' },
    serializers,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  if (destination) return pino(options, destination);
  if (pretty ?? process.stdout.isTTY) {
    return pino({ ...options, transport: { target: 'pino-pretty', options: { ignore: 'pid,hostname' } } });
  }
  // Asynchronous, buffered writes: lines go out together once 8 KiB have gathered, or at the
  // latest every 100 ms, instead of one write (a system call) per line on the request path.
  // What is left is written at exit.
  const stdout = pino.destination({ dest: 1, sync: false, minLength: 8 * 1024 });
  setInterval(() => stdout.flush(), LOG_FLUSH_MS).unref();
  process.once('exit', () => stdout.flushSync());
  return pino(options, stdout);
}
