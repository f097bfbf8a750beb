import { devConfig } from './config.ts';
import { welcomeLines } from './welcome.ts';

/**
 * The compose file's `welcome` service: once ingest, management and Mailpit are healthy (compose
 * waits for that), it says where each page is, and ends.
 */
process.stdout.write(`${welcomeLines({ ...devConfig, inboxUrl: devConfig.inboxUrl ?? 'http://localhost:8025' }).join('\n')}\n`);
