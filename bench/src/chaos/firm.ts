import type { Satisfaction } from '@ambassador/domain/vocabulary';

/**
 * The firm the soak runs against: two account managers under a manager, one under a manager
 * whose mailbox does not exist (the SMTP server answers 550 for it, always), and one without
 * a manager. Each has two projects.
 */
export const DEAD_MAILBOX = 'vacant@firm.example';

export const employees = [
  { id: 'chaos-mgr', name: 'Mira Manager', email: 'mira@firm.example', managerId: null },
  { id: 'chaos-vacant', name: 'Vera Vertrokken', email: DEAD_MAILBOX, managerId: null },
  { id: 'chaos-am1', name: 'Anna Een', email: 'anna@firm.example', managerId: 'chaos-mgr' },
  { id: 'chaos-am2', name: 'Bas Twee', email: 'bas@firm.example', managerId: 'chaos-mgr' },
  { id: 'chaos-am3', name: 'Cas Drie', email: 'cas@firm.example', managerId: 'chaos-vacant' },
  { id: 'chaos-am4', name: 'Dees Vier', email: 'dees@firm.example', managerId: null },
] as const;

export const projects = employees
  .filter((employee) => employee.id.startsWith('chaos-am'))
  .flatMap((accountManager, index) =>
    [0, 1].map((n) => ({
      id: `chaos-p${index * 2 + n}`,
      accountManagerId: accountManager.id,
      clientId: `chaos-client-${index}`,
    })),
  );

export function employee(id: string): (typeof employees)[number] {
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
