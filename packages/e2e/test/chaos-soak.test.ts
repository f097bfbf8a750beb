import { runSoak } from '@ambassador/bench/chaos/soak';
import { testConfig } from '@ambassador/testing/config';
import { skipWithoutPostgresBinaries } from '@ambassador/testing/postgres-server';
import { describe, expect, it } from 'vitest';

/**
 * The short chaos soak (the long one is `pnpm chaos`): responses keep coming while the
 * services are SIGKILLed, Redis restarts (also empty), PostgreSQL restarts once, the SMTP
 * server defers, shuts down and drops connections, the SMPP gateway throttles, fails,
 * answers slowly and drops its sessions, and the CRM's webhook receiver answers 500s and too late. It needs the PostgreSQL server programs
 * (to run a server of its own that it may restart): where they are missing it is skipped,
 * loudly, except in CI.
 */
describe.skipIf(skipWithoutPostgresBinaries('the short chaos soak'))('the chaos soak, short', () => {
  it('loses no alert or webhook event, sends none that was not due, and doubles only where a notifier was killed mid-send', async () => {
    const report = await runSoak({
      responses: 450,
      rate: 25,
      faults: true,
      seed: 20_261_122,
      settleTimeoutMs: 150_000,
      path: testConfig.path,
      say: () => {},
    });
    expect(report.crashes).toEqual([]);
    expect(report.settled).toBe(true);
    expect(report.verdict.stored).toBe(450);
    expect(report.clients.refused + report.clients['gave-up']).toBe(0);
    expect(report.verdict.lost).toBe(0);
    expect(report.verdict.unexpected + report.verdict.strays).toBe(0);
    expect(report.verdict.unexplainedDuplicates).toBe(0);
    expect(report.verdict.duplicated).toBeLessThanOrEqual(report.notifierKills * 4);
    // Every channel carried alerts, and the dead ends were recorded as failed, not lost.
    for (const channel of ['email', 'sms'] as const) {
      expect(report.verdict.channels[channel]).toMatchObject({ lost: 0, unexpected: 0, strays: 0, unexplainedDuplicates: 0 });
      expect(report.verdict.channels[channel].refusedAndRecorded).toBeGreaterThan(0);
    }
    expect(report.delivered.sms).toBeGreaterThan(50);
    // The CRM's webhook: every response's event, once but where a notifier was killed mid-send.
    expect(report.webhook).toMatchObject({ lost: 0, unexpected: 0, strays: 0, unexplainedDuplicates: 0 });
    expect(report.webhook.refusedAttempts).toBeGreaterThan(0);
    // The soak did break things: a run without faults would prove nothing.
    const kills = Object.values(report.faults.killed).reduce((sum, count) => sum + count, 0);
    expect(kills).toBeGreaterThan(0);
    expect(report.faults.postgresRestarts).toBe(1);
    expect(Object.values(report.faults.smsWindows).reduce((sum, count) => sum + count, 0) + report.faults.smppSessionDrops).toBeGreaterThan(0);
    expect(report.passed).toBe(true);
  }, 300_000);
});
