import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';

/**
 * A development SMTP server on 127.0.0.1:1025 (where SMTP_URL points by default) that
 * writes every message it receives as an .eml file, for when no Mailpit is running.
 * Open the files with any mail client, or read them as text.
 */
export async function startMailCatcher(directory: string, port = 1025): Promise<{ close(): Promise<void> }> {
  await mkdir(directory, { recursive: true });
  let counter = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        counter += 1;
        const name = `${new Date().toISOString().replaceAll(':', '-')}-${String(counter).padStart(4, '0')}.eml`;
        writeFile(path.join(directory, name), Buffer.concat(chunks)).then(
          () => callback(),
          (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return { close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
