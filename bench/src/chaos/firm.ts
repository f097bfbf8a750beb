import type { Satisfaction } from '@ambassador/domain/vocabulary';

/**
 * The firm the soak runs against: two account managers under a manager, one under a manager
 * whose mailbox does not exist (the SMTP server answers 550 for it, always), and one without
 * a manager. Each has two projects. The manager and two account managers take alerts by SMS
 * too; one of those numbers the SMPP gateway refuses for good (ESME_RINVDSTADR).
 */
export const DEAD_MAILBOX = 'vacant@firm.example';
export const DEAD_PHONE = '+31699999999';

interface Employee {
  id: string;
  name: string;
  email: string;
  managerId: string | null;
  /** Set: alerts by SMS as well, to this number. */
  phone: string | null;
}

export const employees: readonly Employee[] = [
  { id: 'chaos-mgr', name: 'Mira Manager', email: 'mira@firm.example', managerId: null, phone: '+31600000001' },
  { id: 'chaos-vacant', name: 'Vera Vertrokken', email: DEAD_MAILBOX, managerId: null, phone: null },
  { id: 'chaos-am1', name: 'Anna Een', email: 'anna@firm.example', managerId: 'chaos-mgr', phone: '+31600000002' },
  { id: 'chaos-am2', name: 'Bas Twee', email: 'bas@firm.example', managerId: 'chaos-mgr', phone: null },
  { id: 'chaos-am3', name: 'Cas Drie', email: 'cas@firm.example', managerId: 'chaos-vacant', phone: DEAD_PHONE },
  { id: 'chaos-am4', name: 'Dees Vier', email: 'dees@firm.example', managerId: null, phone: null },
];

export const projects = employees
  .filter((employee) => employee.id.startsWith('chaos-am'))
  .flatMap((accountManager, index) =>
    [0, 1].map((n) => ({
      id: `chaos-p${index * 2 + n}`,
      accountManagerId: accountManager.id,
      clientId: `chaos-client-${index}`,
    })),
  );

export function employee(id: string): Employee {
  const found = employees.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no employee ${id}`);
  return found;
}

/** The `index`-th item of a cycle. */
export function nth<T>(items: readonly T[], index: number): T {
  const item = items[index % items.length];
  if (item === undefined) throw new Error('an empty cycle');
  return item;
}

/** The answers, in a cycle that has +, 0 and − responses. */
export const answers: { satisfaction: Satisfaction; wouldRecommend: boolean; wantsMoreServices: boolean }[] = [
  { satisfaction: 'meer_dan_tevreden', wouldRecommend: true, wantsMoreServices: true },
  { satisfaction: 'ontevreden', wouldRecommend: false, wantsMoreServices: false },
  { satisfaction: 'tevreden', wouldRecommend: true, wantsMoreServices: false },
  { satisfaction: 'meer_dan_tevreden', wouldRecommend: false, wantsMoreServices: true },
  { satisfaction: 'ontevreden', wouldRecommend: true, wantsMoreServices: true },
];
