import { type ChildProcess, spawn } from 'node:child_process';
import { connect } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { devConfig, serviceEnvironment } from './config.ts';
import { startInbox } from './inbox.ts';
import { welcomeLines, whenUp } from './welcome.ts';

/**
 * `pnpm start`: every service in one terminal, each as its own Node process reading the
 * same environment. When SMTP_URL is not set and nothing listens on 127.0.0.1:1025 (no
 * Mailpit), a development inbox (MailDev) catches the e-mails and shows them in a browser.
 * Once everything answers it says where each page is. Ctrl-C stops them all; if one stops on
 * its own, the others are stopped too.
 */

const services = ['ingest', 'classifier', 'scheduler', 'notifier', 'management'];
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

let inbox: { close(): Promise<void> } | undefined;
let inboxUrl = 'the SMTP server at SMTP_URL';
if (devConfig.smtpUrl === undefined) {
  if (await portIsTaken(1025)) {
    inboxUrl = 'http://localhost:8025 (Mailpit?)';
    say('an SMTP server already listens on 127.0.0.1:1025 (Mailpit?); e-mails go there');
  } else {
    inbox = await startInbox({ directory: path.resolve(repositoryRoot, devConfig.mailDir), smtpPort: 1025, webPort: devConfig.inboxPort });
    inboxUrl = `http://localhost:${devConfig.inboxPort}`;
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
      void inbox?.close().finally(() => process.exit(exitCode));
      if (!inbox) process.exit(exitCode);
    }
  });
}

void whenUp([`${devConfig.publicBaseUrl}/healthz`, `${devConfig.managementBaseUrl}/healthz`]).then(() => {
  if (!stopping) for (const line of welcomeLines({ ...devConfig, inboxUrl })) say(line);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => stopAll('SIGTERM'));
