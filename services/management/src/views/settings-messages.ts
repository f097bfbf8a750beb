import type { Locale } from '@ambassador/domain/vocabulary';

const nl = {
  title: 'Mijn instellingen',
  intro: 'Hoe je alerts over je klanten ontvangt. Een alert per e-mail krijg je altijd; per sms kan erbij.',
  notAnEmployee: 'Je bent als beheerder ingelogd en niet als medewerker bekend: er is hier niets voor je in te stellen.',
  phone: 'Mobiel nummer',
  phoneHint: 'In internationale vorm, zoals +31612345678. Laat leeg om het te verwijderen.',
  channels: 'Alerts ontvangen',
  email: 'Per e-mail (altijd)',
  sms: 'Ook per sms',
  save: 'Opslaan',
  saved: 'Opgeslagen.',
  errorSummary: 'Controleer wat je hebt ingevuld',
  errors: {
    phone: 'Vul een mobiel nummer in internationale vorm in, zoals +31612345678.',
    alertChannels: 'Kies hoe je alerts wilt ontvangen.',
    smsNeedsPhone: 'Voor alerts per sms is een mobiel nummer nodig.',
  },
};

export type SettingsMessages = typeof nl;

const en: SettingsMessages = {
  title: 'My settings',
  intro: 'How you receive alerts about your clients. You always get an alert by e-mail; by SMS can come on top.',
  notAnEmployee: 'You are signed in as an administrator and not known as an employee: there is nothing to set here for you.',
  phone: 'Mobile number',
  phoneHint: 'In international form, such as +31612345678. Leave empty to remove it.',
  channels: 'Receive alerts',
  email: 'By e-mail (always)',
  sms: 'By SMS as well',
  save: 'Save',
  saved: 'Saved.',
  errorSummary: 'Please check what you entered',
  errors: {
    phone: 'Enter a mobile number in international form, such as +31612345678.',
    alertChannels: 'Choose how you want to receive alerts.',
    smsNeedsPhone: 'Alerts by SMS need a mobile number.',
  },
};

/** What the settings page says, in Dutch and in English (the viewer's language). */
export const settingsMessages: Record<Locale, SettingsMessages> = { nl, en };
