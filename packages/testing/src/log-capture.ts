import { Writable } from 'node:stream';
import { createLogger, type Logger } from '@ambassador/observability/logger';

/** A real logger (same redaction and serializers as the services) whose lines the test can read. */
export function capturingLogger(level = 'trace'): { logger: Logger; lines: string[]; entries: () => { level: string; msg: string }[] } {
  const lines: string[] = [];
  const logger = createLogger({
    service: 'test',
    level,
    destination: new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    }),
  });
  return { logger, lines, entries: () => lines.map((line) => JSON.parse(line) as { level: string; msg: string }) };
}
