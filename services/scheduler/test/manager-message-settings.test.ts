import { ConfigError, parseConfig } from '@ambassador/config/env';
import { authorized, buildIngest, seedProject } from '@ambassador/ingest/test/ingest-app';
import { TestClock } from '@ambassador/testing/clock';
import { test } from '@ambassador/testing/fixtures';
import { describe, expect, it } from 'vitest';
import { schedulerConfigSchema } from '../src/config.ts';
import { runScheduler } from './scheduler.ts';

describe('the settings of escalations and digests', () => {
  it('default to 2 working days for −, 5 for +, and digests from Monday 08:00, in Amsterdam', () => {
    const { tasks } = parseConfig(schedulerConfigSchema, {});
    expect(tasks.escalation).toEqual({ negativeWorkingDays: 2, positiveWorkingDays: 5, windowDays: 7, timeZone: 'Europe/Amsterdam' });
    expect(tasks.digest).toEqual({ weekday: 1, hour: 8, timeZone: 'Europe/Amsterdam' });
  });

  it('are read from the environment, and refused with the name of what is wrong', () => {
    const { tasks } = parseConfig(schedulerConfigSchema, {
      FOLLOW_UP_NEGATIVE_WORKING_DAYS: '1',
      FOLLOW_UP_POSITIVE_WORKING_DAYS: '0',
      ESCALATION_WINDOW_DAYS: '3',
      TIME_ZONE: 'Europe/London',
      DIGEST_WEEKDAY: 'Friday',
      DIGEST_HOUR: '17',
    });
    expect(tasks.escalation).toEqual({ negativeWorkingDays: 1, positiveWorkingDays: 0, windowDays: 3, timeZone: 'Europe/London' });
    expect(tasks.digest).toEqual({ weekday: 5, hour: 17, timeZone: 'Europe/London' });
    for (const [name, value] of [
      ['TIME_ZONE', 'Mars/Olympus_Mons'],
      ['DIGEST_WEEKDAY', 'someday'],
      ['DIGEST_HOUR', '24'],
      ['FOLLOW_UP_NEGATIVE_WORKING_DAYS', '-1'],
    ] as const) {
      expect(() => parseConfig(schedulerConfigSchema, { [name]: value })).toThrow(ConfigError);
      expect(() => parseConfig(schedulerConfigSchema, { [name]: value })).toThrow(name);
    }
  });
});

describe('the escalation and digest tasks, with their own settings', () => {
  test('escalates − after the configured working day, never a + when that is 0, and records digests from Friday 17:00', async ({
    database,
    redis,
    logger,
  }) => {
    const clock = new TestClock(); // Monday 23 November 2026, 10:00 in Amsterdam
    const ingest = await buildIngest({ database, redis, logger }, { clock });
    const scheduler = await runScheduler(
      { database, redis, logger },
      {
        settings: {
          escalation: { negativeWorkingDays: 1, positiveWorkingDays: 0, windowDays: 7, timeZone: 'Europe/Amsterdam' },
          digest: { weekday: 5, hour: 17, timeZone: 'Europe/Amsterdam' },
        },
        clock,
      },
    );
    try {
      await seedProject(ingest.app);
      const submit = async (payload: object) => {
        const posted = await ingest.app.inject({ method: 'POST', url: '/api/v1/responses', headers: authorized, payload: { projectId: 'P-100', ...payload } });
        return posted.json<{ id: string }>().id;
      };
      const negative = await submit({ satisfaction: 'ontevreden', wouldRecommend: false, wantsMoreServices: false });
      await submit({
        satisfaction: 'meer_dan_tevreden',
        wouldRecommend: true,
        wantsMoreServices: false,
        respondent: { name: 'Piet', email: 'piet@utrecht.example' },
      });
      // Classified at submission (no classifier runs here: the backlog task classifies them now).
      await scheduler.runNow('classify-backlog');
      expect(await database.db.selectFrom('responses').select('id').where('classifiedAt', 'is', null).execute()).toEqual([]);
      const { db } = database;
      const runAt = async (moment: string) => {
        clock.now = new Date(moment);
        return scheduler.runNow();
      };

      await runAt('2026-11-24T08:59:00Z');
      expect(await db.selectFrom('escalations').select('responseId').execute()).toEqual([]);
      expect((await runAt('2026-11-24T09:00:00Z')).escalationsRecorded).toBe(1);
      expect(await db.selectFrom('escalations').select('responseId').execute()).toEqual([{ responseId: negative }]);
      const escalationEmail = await db.selectFrom('deliveries').select('id').where('escalationId', '=', negative).executeTakeFirstOrThrow();
      expect(await scheduler.producer.queue('deliver-email').getJob(`delivery-${escalationEmail.id}`)).toBeDefined();

      // Next Monday 08:00 is not the configured time; Friday 17:00 is.
      await runAt('2026-11-30T07:00:00Z');
      await runAt('2026-12-04T15:59:00Z');
      expect(await db.selectFrom('digests').select('managerId').execute()).toEqual([]);
      expect((await runAt('2026-12-04T16:00:00Z')).digestsRecorded).toBe(1);
      expect(await db.selectFrom('digests').select(['managerId', 'email']).execute()).toEqual([{ managerId: 'mgr-1', email: 'marieke@firm.example' }]);
      // The + response never escalated.
      expect(await db.selectFrom('escalations').select('responseId').execute()).toEqual([{ responseId: negative }]);
    } finally {
      await scheduler.close();
      await ingest.close();
    }
  });
});
