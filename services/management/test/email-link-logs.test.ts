import { ACKNOWLEDGE_PURPOSE, digestUnsubscribeToken, loginToken, signValue } from '@ambassador/domain/tokens';
import { TEST_SECRET_KEY } from '@ambassador/testing/clock';
import { test } from '@ambassador/testing/fixtures';
import { capturingLogger } from '@ambassador/testing/log-capture';
import { describe, expect, vi } from 'vitest';
import { Browser, buildManagement } from './management-app.ts';
import { respond, seedFirm } from './seed.ts';

describe('the links in e-mails', () => {
  test('never write their token to a log line, opened, pressed or confirmed', async ({ database, redis }) => {
    const { logger, lines } = capturingLogger();
    const { db } = database;
    const management = await buildManagement({ database, redis, logger });
    try {
      await seedFirm(db);
      const responseId = await respond(db, 'anna', 'negative');
      const { id: alertId } = await db
        .insertInto('alerts')
        .values({ responseId, role: 'account_manager', employeeId: 'anna', email: 'anna@firm.example', createdAt: management.clock.now })
        .returning('id')
        .executeTakeFirstOrThrow();
      const browser = new Browser(management.app);
      await browser.get('/login');
      await browser.post('/login', { email: 'anna@firm.example' });
      const { id: loginLinkId } = await vi.waitFor(() => db.selectFrom('loginLinks').select('id').executeTakeFirstOrThrow());
      const tokens = [
        loginToken(TEST_SECRET_KEY, loginLinkId),
        signValue(TEST_SECRET_KEY, ACKNOWLEDGE_PURPOSE, alertId),
        digestUnsubscribeToken(TEST_SECRET_KEY, 'marieke', 0),
      ];
      const paths = [`/login/${tokens[0]!}`, `/ack/${tokens[1]!}`, `/digest/unsubscribe/${tokens[2]!}`];
      for (const path of paths) {
        await management.app.inject({ method: 'HEAD', url: path });
        await browser.get(path);
        const pressed = await browser.pressButton();
        expect(pressed.statusCode, path).toBe(303);
        if (pressed.headers.location !== '/') await browser.get(pressed.headers.location!);
      }

      const logged = lines.join('');
      for (const prefix of ['/login/', '/ack/', '/digest/unsubscribe/']) expect(logged).toContain(`"url":"${prefix}[redacted]"`);
      // The signatures are what makes a link work; the alert and employee ids alone are no secret.
      for (const token of tokens) expect(logged).not.toContain(token.slice(token.lastIndexOf('.') + 1));
    } finally {
      await management.close();
    }
  });
});
