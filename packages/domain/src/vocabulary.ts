/**
 * The words of the domain (see DESIGN.md, "Vocabulary"). The Dutch values are the
 * stored and wire values; labels are localised where they are shown.
 */

export const satisfactions = ['ontevreden', 'tevreden', 'meer_dan_tevreden'] as const;
export type Satisfaction = (typeof satisfactions)[number];

export const groups = ['positive', 'neutral', 'negative'] as const;
export type Group = (typeof groups)[number];

export const alertRoles = ['account_manager', 'manager'] as const;
export type AlertRole = (typeof alertRoles)[number];

export const alertStatuses = ['pending', 'sent', 'failed'] as const;
export type AlertStatus = (typeof alertStatuses)[number];

/** What an outgoing message is: every kind goes out through the same delivery routine. */
export const messageKinds = ['alert', 'invitation', 'reminder', 'login_link', 'escalation', 'digest', 'event'] as const;
export type MessageKind = (typeof messageKinds)[number];

/** How a message travels: to a person (e-mail, SMS) or to one of the firm's shared destinations. */
export const deliveryChannels = ['email', 'sms', 'webhook', 'teams', 'slack'] as const;
export type DeliveryChannel = (typeof deliveryChannels)[number];

/** The channels an alert can reach a person over: e-mail always, SMS when they ask for it. */
export const alertChannelNames = ['email', 'sms'] as const satisfies readonly DeliveryChannel[];
export type AlertChannel = (typeof alertChannelNames)[number];

/** How a message went: sent is accepted by the peer, delivered is confirmed to have reached the person. */
export const deliveryStatuses = ['pending', 'sent', 'delivered', 'failed', 'cancelled'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

export const locales = ['nl', 'en'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'nl';

/** How the UI and e-mails write a group: +, 0 and − (U+2212 MINUS SIGN). */
export const groupSigns: Record<Group, string> = {
  positive: '+',
  neutral: '0',
  negative: '\u2212',
};

/** What the firm did with an alert: the closed loop. */
export const followUpStatuses = ['open', 'in_progress', 'done'] as const;
export type FollowUpStatus = (typeof followUpStatuses)[number];

/** How a follow-up ended: the first three for a − response, the last three for a +. */
export const followUpOutcomes = [
  'recovered',
  'not_recovered',
  'root_cause',
  'introduction_made',
  'reference_case',
  'new_opportunity',
] as const;
export type FollowUpOutcome = (typeof followUpOutcomes)[number];

export const outcomesFor: Record<Group, readonly FollowUpOutcome[]> = {
  negative: ['recovered', 'not_recovered', 'root_cause'],
  positive: ['introduction_made', 'reference_case', 'new_opportunity'],
  neutral: [],
};

/** The firm's shared destinations: a signed webhook (a CRM), a Teams or a Slack channel. */
export const destinationKinds = ['webhook', 'teams', 'slack'] as const;
export type DestinationKind = (typeof destinationKinds)[number];

/** What a destination can ask to be told about. */
export const eventTypes = ['response.classified', 'follow_up.recorded'] as const;
export type EventType = (typeof eventTypes)[number];
