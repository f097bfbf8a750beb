import path from 'node:path';

/**
 * A development inbox: MailDev (the Node counterpart of Mailpit) catches every e-mail on
 * 127.0.0.1:1025, where SMTP_URL points by default, and shows it in a browser. The e-mails are
 * kept as .eml files in `directory`, so they outlive a restart.
 */
export async function startInbox({ directory, smtpPort, webPort }: { directory: string; smtpPort: number; webPort: number }): Promise<{ close(): Promise<void> }> {
  // Loaded only here: MailDev is a development dependency, not part of the services' image.
  const { MailDev } = await import('maildev');
  const inbox = new MailDev({
    smtp: smtpPort,
    ip: '127.0.0.1',
    web: webPort,
    webIp: '127.0.0.1',
    mailDirectory: path.resolve(directory),
    silent: true,
  });
  await inbox.start();
  return { close: () => inbox.stop() };
}
