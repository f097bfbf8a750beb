import type { Database } from '@ambassador/db/database';
import type { FollowUpPolicy } from '@ambassador/domain/calendar';
import type { AddressPolicy } from '@ambassador/http/destination-address';
import type { InvitationPolicy } from '@ambassador/domain/invitations';
import type { Registry } from '@ambassador/observability/metrics';
import type { Redis } from '@ambassador/queue/connection';
import type { JobProducer } from '@ambassador/queue/producer';
import type { BackgroundWork } from './background-work.ts';
import type { CompanySignInSettings } from './plugins/identity-provider.ts';

/** What the management app is built from; `main.ts` creates these, tests pass their own. */
export interface ManagementDependencies {
  db: Database;
  /** A producer connection (fails fast while Redis is down): login e-mails, rate limits, queues. */
  redis: Redis;
  producer: JobProducer;
  registry: Registry;
  clock: () => Date;
  secretKey: Buffer;
  adminEmails: ReadonlySet<string>;
  /** Base of the links this module hands out; its scheme decides whether cookies are Secure. */
  baseUrl: string;
  sessionHours: number;
  loginLinkMinutes: number;
  loginRateLimit: { perMinute: number; namespace: string };
  /** Login e-mails one address may be sent per 15 minutes, counted in PostgreSQL by every instance. */
  loginEmailsPerRecipient: number;
  background: BackgroundWork;
  timeZone: string;
  /** The follow-up deadlines (as the classifier escalates on): an "I am on it" link expires a week after its response's. */
  followUpPolicy: FollowUpPolicy;
  /** Where destinations may point: DESTINATIONS_ALLOW_PRIVATE also allows http and internal addresses (development, tests). */
  destinations: AddressPolicy;
  /** Sign-in at the firm's identity provider (OIDC_*); without it only the e-mail link, and its routes do not exist. */
  companySignIn?: CompanySignInSettings;
  /** How closing a project invites (INVITATION_*, REMINDER_AFTER_DAYS), as ingest has it. */
  invitationPolicy: InvitationPolicy;
}
