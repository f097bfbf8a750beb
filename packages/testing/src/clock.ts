import { DAY_MS } from '@ambassador/domain/calendar';

/** A clock the test moves by hand: services read it through `read`. */
export class TestClock {
  now = new Date('2026-11-23T09:00:00Z');
  read = (): Date => new Date(this.now);
  advanceDays(days: number): void {
    this.now = new Date(this.now.getTime() + days * DAY_MS);
  }
}

/** The secret key and public base URL the services under test share. */
export const TEST_SECRET_KEY = Buffer.alloc(32, 42);
export const TEST_PUBLIC_BASE_URL = 'http://ambassador.test';
export const TEST_MANAGEMENT_BASE_URL = 'http://management.test';
