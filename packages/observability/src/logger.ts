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
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  if (destination) return pino(options, destination);
  if (pretty ?? process.stdout.isTTY) {
    return pino({ ...options, transport: { target: 'pino-pretty', options: { ignore: 'pid,hostname' } } });
  }
  return pino(options);
}
