import type { AuditAction } from '@ambassador/db/audit';
import type { Locale } from '@ambassador/domain/vocabulary';

type ActorType = 'api_key' | 'user' | 'system';

const nl = {
  title: 'Audittrail',
  intro: 'Wie wat heeft gezien en veranderd, in deze module en via de API. Het nieuwste eerst.',
  filters: 'Filters',
  actor: 'Wie (e-mailadres, API-sleutel of system)',
  subject: 'Waarover (id van een reactie, project, medewerker of verwijdering)',
  apply: 'Toon',
  clear: 'Alles tonen',
  caption: (count: number) => `${count} ${count === 1 ? 'gebeurtenis' : 'gebeurtenissen'}`,
  empty: 'Geen gebeurtenissen met deze filters.',
  older: 'Oudere gebeurtenissen',
  columns: { when: 'Wanneer', actor: 'Wie', action: 'Wat', subject: 'Waarover' },
  actorTypes: { api_key: 'API-sleutel', user: 'Gebruiker', system: 'Systeem' } satisfies Record<ActorType, string>,
  actions: {
    'employee.upserted': 'Medewerker aangemaakt of gewijzigd',
    'employee.settings_changed': 'Eigen instellingen gewijzigd (telefoon, alerts)',
    'employee.deactivated': 'Medewerker gedeactiveerd (projecten overgedragen)',
    'import.applied': 'Import bevestigd (elke regel staat er ook apart in)',
    'project.upserted': 'Project aangemaakt of gewijzigd',
    'project.closed': 'Project afgesloten',
    'response.read_by_api': 'Reactie opgevraagd via de API',
    'contact.erased': 'Contactpersoon gewist',
    login: 'Ingelogd',
    logout: 'Uitgelogd',
    'response.viewed': 'Reactie bekeken',
    'register.exported': 'Register gedownload als CSV',
    'follow_up.recorded': 'Opvolgstap vastgelegd',
    'alert.acknowledged': '"Ik pak het op" gebruikt',
    'digest.unsubscribed': 'Afgemeld voor het weekoverzicht',
    'retention.applied': 'Bewaartermijn toegepast',
    'destination.upserted': 'Bestemming aangemaakt of gewijzigd',
    'destination.deleted': 'Bestemming verwijderd',
    'destination.secret_rotated': 'Geheim van een webhook vervangen',
    'destination.disabled': 'Bestemming uitgeschakeld',
    'destination.enabled': 'Bestemming ingeschakeld',
    'destination.event_redelivered': 'Gebeurtenis opnieuw verstuurd',
    'destination.test_sent': 'Testgebeurtenis verstuurd',
  } satisfies Record<AuditAction, string>,
};

export type AuditMessages = typeof nl;

const en: AuditMessages = {
  title: 'Audit trail',
  intro: 'Who saw and changed what, in this module and through the API. Newest first.',
  filters: 'Filters',
  actor: 'Who (e-mail address, API key or system)',
  subject: 'About (id of a response, project, employee or erasure)',
  apply: 'Show',
  clear: 'Show all',
  caption: (count: number) => `${count} ${count === 1 ? 'event' : 'events'}`,
  empty: 'No events with these filters.',
  older: 'Older events',
  columns: { when: 'When', actor: 'Who', action: 'What', subject: 'About' },
  actorTypes: { api_key: 'API key', user: 'User', system: 'System' },
  actions: {
    'employee.upserted': 'Employee created or changed',
    'employee.settings_changed': 'Own settings changed (phone, alerts)',
    'employee.deactivated': 'Employee deactivated (projects handed over)',
    'import.applied': 'Import confirmed (each row is in here on its own too)',
    'project.upserted': 'Project created or changed',
    'project.closed': 'Project closed',
    'response.read_by_api': 'Response read through the API',
    'contact.erased': 'Contact erased',
    login: 'Logged in',
    logout: 'Logged out',
    'response.viewed': 'Response viewed',
    'register.exported': 'Register downloaded as CSV',
    'follow_up.recorded': 'Follow-up step recorded',
    'alert.acknowledged': '"I am on it" used',
    'digest.unsubscribed': 'Unsubscribed from the weekly digest',
    'retention.applied': 'Retention period applied',
    'destination.upserted': 'Destination created or changed',
    'destination.deleted': 'Destination deleted',
    'destination.secret_rotated': 'Webhook secret rotated',
    'destination.disabled': 'Destination disabled',
    'destination.enabled': 'Destination enabled',
    'destination.event_redelivered': 'Event redelivered',
    'destination.test_sent': 'Test event sent',
  },
};

/** What the audit page says, in Dutch and in English (the viewer's language). */
export const auditMessages: Record<Locale, AuditMessages> = { nl, en };
