import { type ChildProcess, spawn } from 'node:child_process';
import { connect } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { devConfig, serviceEnvironment } from './config.ts';
import { startMailCatcher } from './mail-catcher.ts';

/**
 * `pnpm start`: every service in one terminal, each as its own Node process reading the
 * same environment. When SMTP_URL is not set and nothing listens on 127.0.0.1:1025 (no
 * Mailpit), e-mails are caught as .eml files in MAIL_DIR (default .mail/).
 * Ctrl-C stops them all; if one stops on its own, the others are stopped too.
 */

const services = ['ingest', 'classifier', 'notifier', 'management'];
const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

function say(message: string): void {
  process.stdout.write(`[start] ${message}\n`);
}

async function portIsTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

let mailCatcher: { close(): Promise<void> } | undefined;
if (devConfig.smtpUrl === undefined) {
  if (await portIsTaken(1025)) {
    say('an SMTP server already listens on 127.0.0.1:1025 (Mailpit?); e-mails go there');
  } else {
    const directory = path.resolve(repositoryRoot, devConfig.mailDir);
    mailCatcher = await startMailCatcher(directory);
    say(`no SMTP_URL: e-mails are written as .eml files to ${directory}`);
  }
}

const children = new Map<string, ChildProcess>();
let stopping = false;
let exitCode = 0;

function stopAll(signal: NodeJS.Signals): void {
  if (stopping) return;
  stopping = true;
  for (const child of children.values()) child.kill(signal);
}

for (const service of services) {
  const child = spawn(process.execPath, [path.join('services', service, 'src', 'main.ts')], {
    cwd: repositoryRoot,
    env: serviceEnvironment,
    stdio: 'inherit',
  });
  children.set(service, child);
  child.once('exit', (code, signal) => {
    children.delete(service);
    if (!stopping) {
      say(`${service} stopped (${signal ?? `exit code ${code ?? 'unknown'}`}); stopping the others`);
      exitCode = 1;
      stopAll('SIGTERM');
    }
    if (children.size === 0) {
      void mailCatcher?.close().finally(() => process.exit(exitCode));
      if (!mailCatcher) process.exit(exitCode);
    }
  });
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => stopAll('SIGTERM'));
