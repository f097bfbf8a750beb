import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '@ambassador/testing/redis-server';
import nodemailer from 'nodemailer';
import { describe, expect, it } from 'vitest';
import { startInbox } from '../src/inbox.ts';
import { welcomeLines } from '../src/welcome.ts';

describe('the development inbox', () => {
  // MailDev takes seconds to start on busy cores.
  it('catches what is sent to its SMTP port, shows it in a browser, and keeps it on disk', { timeout: 60_000 }, async () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'ambassador-inbox-'));
    const [smtpPort, webPort] = [await freePort(), await freePort()];
    const inbox = await startInbox({ directory, smtpPort, webPort });
    try {
      const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
      await transport.sendMail({ from: 'noreply@ambassador.test', to: 'anna@firm.example', subject: 'Je inloglink voor Ambassador', text: 'Hallo' });
      transport.close();

      const listed = await fetch(`http://127.0.0.1:${webPort}/api/email`);
      expect(listed.status).toBe(200);
      expect(JSON.stringify(await listed.json())).toContain('Je inloglink voor Ambassador');
      const page = await fetch(`http://127.0.0.1:${webPort}/`, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/^<!doctype html>/iu);
      expect(readdirSync(directory).filter((name) => name.endsWith('.eml'))).toHaveLength(1);
    } finally {
      await inbox.close();
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('where everything is', () => {
  it('names the form and API, the management module with who signs in, and the inbox', () => {
    const lines = welcomeLines({
      publicBaseUrl: 'http://localhost:3000',
      managementBaseUrl: 'http://localhost:3001',
      inboxUrl: 'http://localhost:1080',
      adminEmail: 'you@firm.example',
    }).join('\n');
    expect(lines).toContain('http://localhost:3000');
    expect(lines).toContain('http://localhost:3000/docs');
    expect(lines).toContain('http://localhost:3001/login');
    expect(lines).toContain('sign in as you@firm.example');
    expect(lines).toContain('http://localhost:1080');
  });
});
