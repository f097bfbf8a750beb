import { RECOMMEND_SCORE_MAX, RECOMMEND_SCORE_MIN, type RecommendQuestion, recommendScores } from '@ambassador/domain/net-promoter';
import type { Locale, Satisfaction } from '@ambassador/domain/vocabulary';
import { satisfactions } from '@ambassador/domain/vocabulary';
import { html, type SafeHtml } from '@ambassador/html/template';
import { formAnswerParameter } from '@ambassador/links/links';
import type { Brand } from '@ambassador/html/brand';
import { type FormErrors, type FormField, type FormValues, STARTED_IN_EMAIL } from './form-input.ts';
import { layout, type Nonces } from './layout.ts';
import { type BilingualPage, bilingualPages, formMessages } from './messages.ts';

export interface FormContext {
  locale: Locale;
  brand: Brand;
  nonces: Nonces;
  /** Whether the form asks the yes/no recommendation or the 0–10 one. */
  recommendQuestion: RecommendQuestion;
}

export interface InvitationView {
  projectName: string;
  contactName: string;
  accountManagerName: string;
}

const otherLocale: Record<Locale, Locale> = { nl: 'en', en: 'nl' };

/** Where each field's error message links to: its first control. */
const firstControl: Record<FormField, string> = {
  satisfaction: 'satisfaction-ontevreden',
  motivation: 'motivation',
  wouldRecommend: 'wouldRecommend-yes',
  recommendScore: 'recommendScore-0',
  wantsMoreServices: 'wantsMoreServices-yes',
};

// (The newline after <textarea> is eaten by the HTML parser, so a motivation that starts
// with a line break keeps it.)
// The motivation counter: the visible count follows every key, the announcement for screen
// readers waits until typing pauses. The form works the same without it.
const COUNTER_SCRIPT = `(function(){
var area=document.getElementById('motivation'),shown=document.getElementById('motivation-count'),spoken=document.getElementById('motivation-count-live');
if(!area||!shown||!spoken)return;
var label=shown.getAttribute('data-label'),timer;
function text(){return (area.maxLength-area.value.length)+' '+label;}
function update(){shown.textContent=text();clearTimeout(timer);timer=setTimeout(function(){spoken.textContent=text();},700);}
shown.setAttribute('aria-hidden','true');shown.textContent=text();
area.addEventListener('input',update);
})();`;

function yesNoGroup(
  name: 'wouldRecommend' | 'wantsMoreServices',
  legend: string,
  context: FormContext,
  values: FormValues,
  errors: FormErrors,
): SafeHtml {
  const m = formMessages[context.locale];
  const error = errors[name];
  return html`<fieldset class="${error ? 'invalid' : ''}"${error ? html` aria-describedby="${name}-error"` : ''}>
<legend>${legend}</legend>
${error ? html`<p class="error" id="${name}-error"><span class="visually-hidden">${m.errorTitlePrefix}</span>${error}</p>` : ''}
<div class="choices choices-2">
${(['yes', 'no'] as const).map(
  (value) => html`<label class="choice" for="${name}-${value}"><input type="radio" id="${name}-${value}" name="${name}" value="${value}" required${values[name] === value ? html` checked` : ''}><span class="label">${value === 'yes' ? m.yes : m.no}</span></label>
`,
)}</div>
</fieldset>`;
}

/**
 * The Net Promoter question as 11 radio buttons, 0 to 10 (six to a row on a phone, one row
 * wider), with what both ends mean said above them and, for screen readers, on 0 and 10 too.
 */
function recommendScoreGroup(context: FormContext, values: FormValues, errors: FormErrors): SafeHtml {
  const m = formMessages[context.locale];
  const error = errors.recommendScore;
  const ends = (score: number) =>
    score === RECOMMEND_SCORE_MIN ? m.recommendScore.lowest : score === RECOMMEND_SCORE_MAX ? m.recommendScore.highest : undefined;
  return html`<fieldset class="${error ? 'invalid' : ''}" aria-describedby="${error ? 'recommendScore-error ' : ''}recommendScore-ends">
<legend>${m.recommendScore.legend}</legend>
${error ? html`<p class="error" id="recommendScore-error"><span class="visually-hidden">${m.errorTitlePrefix}</span>${error}</p>` : ''}
<p class="scale-ends" id="recommendScore-ends"><span>${RECOMMEND_SCORE_MIN} = ${m.recommendScore.lowest}</span><span>${RECOMMEND_SCORE_MAX} = ${m.recommendScore.highest}</span></p>
<div class="scale">
${recommendScores.map((score) => {
  const end = ends(score);
  return html`<label class="score" for="recommendScore-${score}"><input type="radio" id="recommendScore-${score}" name="recommendScore" value="${score}" required${values.recommendScore === String(score) ? html` checked` : ''}><span class="label">${score}${end ? html`<span class="visually-hidden">: ${end}</span>` : ''}</span></label>
`;
})}</div>
</fieldset>`;
}

function satisfactionGroup(context: FormContext, values: FormValues, errors: FormErrors): SafeHtml {
  const m = formMessages[context.locale];
  const error = errors.satisfaction;
  return html`<fieldset class="${error ? 'invalid' : ''}"${error ? html` aria-describedby="satisfaction-error"` : ''}>
<legend>${m.satisfaction.legend}</legend>
${error ? html`<p class="error" id="satisfaction-error"><span class="visually-hidden">${m.errorTitlePrefix}</span>${error}</p>` : ''}
<div class="choices choices-3">
${satisfactions.map((value: Satisfaction) => {
  const choice = m.satisfaction.choices[value];
  return html`<label class="choice" for="satisfaction-${value}"><input type="radio" id="satisfaction-${value}" name="satisfaction" value="${value}" required${values.satisfaction === value ? html` checked` : ''}><span><span class="label">${choice.label}</span><span class="hint">${choice.hint}</span></span></label>
`;
})}</div>
</fieldset>`;
}

/** The one-page form; with `errors`, the same page with what went wrong and what was typed. */
export function renderFormPage(
  context: FormContext,
  invitation: InvitationView,
  values: FormValues = {},
  errors: FormErrors = {},
): string {
  const m = formMessages[context.locale];
  const errorEntries = (Object.keys(firstControl) as FormField[]).flatMap((field) => {
    const message = errors[field];
    return message ? [[field, message] as const] : [];
  });
  const motivationError = errors.motivation;
  // The other language keeps the answer chosen in the e-mail, on a form that was not posted yet.
  const preselected = values.startedInEmail === STARTED_IN_EMAIL && errorEntries.length === 0 ? values.satisfaction : undefined;
  const body = html`<h1>${m.heading(invitation.projectName)}</h1>
<p>${m.greeting(invitation.contactName)}</p>
<p class="lead">${m.intro(invitation.accountManagerName, context.brand.name, invitation.projectName)} ${m.oneMinute}</p>
${
  errorEntries.length > 0
    ? html`<div class="error-summary" role="alert" tabindex="-1" autofocus aria-labelledby="error-summary-title">
<h2 id="error-summary-title">${m.errorSummary}</h2>
<ul>${errorEntries.map(([field, message]) => html`<li><a href="#${firstControl[field]}">${message}</a></li>`)}</ul>
</div>`
    : ''
}
<form method="post" action="?lang=${context.locale}" novalidate>
${values.startedInEmail === STARTED_IN_EMAIL ? html`<input type="hidden" name="startedInEmail" value="${STARTED_IN_EMAIL}">` : ''}
${satisfactionGroup(context, values, errors)}
<label class="field-label" for="motivation">${m.motivation.label}</label>
${motivationError ? html`<p class="error" id="motivation-error"><span class="visually-hidden">${m.errorTitlePrefix}</span>${motivationError}</p>` : ''}
<textarea id="motivation" name="motivation" rows="5" maxlength="2000" aria-describedby="${motivationError ? 'motivation-error ' : ''}motivation-count"${motivationError ? html` aria-invalid="true"` : ''}>
${values.motivation ?? ''}</textarea>
<p class="meta" id="motivation-count" data-label="${m.motivation.counter}">${m.motivation.hint}</p>
<p class="visually-hidden" id="motivation-count-live" aria-live="polite"></p>
${
  context.recommendQuestion === 'score'
    ? recommendScoreGroup(context, values, errors)
    : yesNoGroup('wouldRecommend', m.wouldRecommend, context, values, errors)
}
${yesNoGroup('wantsMoreServices', m.wantsMoreServices, context, values, errors)}
<button type="submit">${m.submit}</button>
</form>
<p class="small">${m.privacy(context.brand.name)}</p>
<p class="lang"><a href="?lang=${otherLocale[context.locale]}${preselected ? `&${formAnswerParameter}=${preselected}` : ''}" lang="${otherLocale[context.locale]}" hreflang="${otherLocale[context.locale]}">${m.switchTo}</a></p>`;
  const title = `${errorEntries.length > 0 ? m.errorTitlePrefix : ''}${m.title(invitation.projectName)}`;
  return layout({ lang: context.locale, title, brand: context.brand, nonces: context.nonces, body, script: COUNTER_SCRIPT });
}

export function renderThanksPage(context: FormContext, invitation: InvitationView): string {
  const m = formMessages[context.locale];
  const body = html`<h1>${m.thanks.heading(invitation.contactName)}</h1>
<p>${m.thanks.body(context.brand.name)}</p>`;
  return layout({ lang: context.locale, title: m.thanks.title, brand: context.brand, nonces: context.nonces, body });
}

export function renderAlreadyAnsweredPage(context: FormContext): string {
  const m = formMessages[context.locale];
  const body = html`<h1>${m.alreadyAnswered.heading}</h1>
<p>${m.alreadyAnswered.body}</p>`;
  return layout({ lang: context.locale, title: m.alreadyAnswered.title, brand: context.brand, nonces: context.nonces, body });
}

/** A page for when there is no invitation to speak for: Dutch first, then English. */
export function renderBilingualPage(page: BilingualPage, brand: Brand, nonces: Nonces): string {
  const text = bilingualPages[page];
  const [nlTitle, enTitle] = text.title.split(' / ');
  const body = html`<h1>${nlTitle}</h1>
<p>${text.nl}</p>
<h2 lang="en">${enTitle}</h2>
<p lang="en">${text.en}</p>`;
  return layout({ lang: 'nl', title: text.title, brand, nonces, body });
}
