import { needsAlert } from './classification.ts';
import type { AlertRole, Group } from './vocabulary.ts';

export interface Person {
  id: string;
  email: string;
}

export interface AlertRecipient {
  role: AlertRole;
  employeeId: string;
  email: string;
}

/**
 * Who gets an alert about a response: on a positive or negative group the account
 * manager and their manager (the leidinggevende), one e-mail each. Nobody extra when
 * the account manager has no manager or when both share an address. Neutral: nobody.
 */
export function alertRecipients(
  group: Group,
  accountManager: Person,
  manager: Person | null,
): AlertRecipient[] {
  if (!needsAlert(group)) return [];
  const recipients: AlertRecipient[] = [
    { role: 'account_manager', employeeId: accountManager.id, email: accountManager.email },
  ];
  if (manager && !sameAddress(manager.email, accountManager.email)) {
    recipients.push({ role: 'manager', employeeId: manager.id, email: manager.email });
  }
  return recipients;
}

function sameAddress(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}
