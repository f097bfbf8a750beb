import { describe, expect, it } from 'vitest';
import { alertRecipients } from '../src/alert-recipients.ts';

const accountManager = { id: 'am-1', email: 'anna@firm.example' };
const manager = { id: 'mgr-1', email: 'mark@firm.example' };

describe('alert recipients', () => {
  it('alerts the account manager and their manager on a positive response', () => {
    expect(alertRecipients('positive', accountManager, manager)).toEqual([
      { role: 'account_manager', employeeId: 'am-1', email: 'anna@firm.example' },
      { role: 'manager', employeeId: 'mgr-1', email: 'mark@firm.example' },
    ]);
  });

  it('alerts both on a negative response', () => {
    expect(alertRecipients('negative', accountManager, manager).map((r) => r.role)).toEqual(['account_manager', 'manager']);
  });

  it('alerts nobody on a neutral response', () => {
    expect(alertRecipients('neutral', accountManager, manager)).toEqual([]);
  });

  it('alerts only the account manager when they have no manager', () => {
    expect(alertRecipients('negative', accountManager, null)).toEqual([
      { role: 'account_manager', employeeId: 'am-1', email: 'anna@firm.example' },
    ]);
  });

  it('sends no second e-mail when the manager has the same address', () => {
    const sameInbox = { id: 'mgr-2', email: 'ANNA@firm.example' };
    expect(alertRecipients('positive', accountManager, sameInbox)).toHaveLength(1);
  });
});
