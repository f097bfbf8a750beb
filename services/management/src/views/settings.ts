import type { Locale } from '@ambassador/domain/vocabulary';
import { html, type SafeHtml } from '@ambassador/html/template';
import { errorSummary } from './forms.ts';
import { settingsMessages } from './settings-messages.ts';

export type SettingsField = 'phone' | 'alertChannels';
export type SettingsErrors = Partial<Record<SettingsField, string>>;

/** What the form shows: what is stored, or what was typed when it came back with errors. */
export interface SettingsForm {
  phone: string;
  sms: boolean;
}

/**
 * The signed-in employee's own settings: their mobile number, and whether alerts come by SMS as
 * well as by e-mail. Errors are listed at the top, each linked to its field, and at the field.
 */
export function settingsPage(locale: Locale, form: SettingsForm, { csrfToken, errors = {}, saved = false }: { csrfToken: string; errors?: SettingsErrors; saved?: boolean }): SafeHtml {
  const m = settingsMessages[locale];
  const errorAt = (field: SettingsField) => (errors[field] ? html`<p class="error" id="${field}-error">${errors[field]}</p>` : '');
  return html`<h1>${m.title}</h1>
<p class="lead">${m.intro}</p>
${saved ? html`<p class="notice" role="status">${m.saved}</p>` : ''}
${errorSummary(m.errorSummary, { phone: errors.phone, sms: errors.alertChannels })}
<div class="panel">
<form method="post" action="/settings" novalidate>
<input type="hidden" name="_csrf" value="${csrfToken}">
<label for="phone">${m.phone}</label>
<p class="hint" id="phone-hint">${m.phoneHint}</p>
<input id="phone" name="phone" type="tel" autocomplete="tel" inputmode="tel" value="${form.phone}" aria-describedby="phone-hint${errors.phone ? ' phone-error' : ''}"${errors.phone ? html` aria-invalid="true"` : ''}>
${errorAt('phone')}
<fieldset>
<legend>${m.channels}</legend>
<input type="hidden" name="alertChannels" value="email">
<p class="check"><input type="checkbox" id="email" checked disabled><label for="email">${m.email}</label></p>
<p class="check"><input type="checkbox" id="sms" name="alertChannels" value="sms"${form.sms ? html` checked` : ''}${
    errors.alertChannels ? html` aria-invalid="true" aria-describedby="alertChannels-error"` : ''
  }><label for="sms">${m.sms}</label></p>
${errorAt('alertChannels')}
</fieldset>
<p><button class="primary" type="submit">${m.save}</button></p>
</form>
</div>`;
}

export function notAnEmployeePage(locale: Locale): SafeHtml {
  const m = settingsMessages[locale];
  return html`<h1>${m.title}</h1><p>${m.notAnEmployee}</p>`;
}
