import { z } from 'zod';
import { alertChannelNames, destinationKinds, eventTypes, locales, satisfactions } from './vocabulary.ts';

/**
 * The shapes that come in from integrators and clients, validated once at the edge.
 * Unknown fields are refused (strict objects); strings that end up in e-mail headers or
 * PostgreSQL text are refused when they carry control characters.
 */

// C0/C1 control characters and the Unicode line/paragraph separators: never in a name.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;
// In free text, line breaks and tabs are fine; NUL and other C0 controls are not.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS_EXCEPT_WHITESPACE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/u;

export const integratorId = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,64}$/u, 'must be 1 to 64 characters of A-Z, a-z, 0-9, ".", "_" or "-"');

/** A single-line text such as a person's, project's or client's name. */
export function lineOfText(max: number) {
  return z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((value) => !CONTROL_CHARACTERS.test(value), 'must not contain control characters');
}

export const personName = lineOfText(200);

export const emailAddress = z
  .string()
  .trim()
  .max(254, 'must be at most 254 characters')
  .pipe(z.email('must be a valid e-mail address'))
  .transform((value) => value.toLowerCase());

export const locale = z.enum(locales);

export const motivationText = z
  .string()
  .max(2000, 'must be at most 2000 characters')
  .refine((value) => !CONTROL_CHARACTERS_EXCEPT_WHITESPACE.test(value), 'must not contain control characters')
  .transform((value) => value.trim());

/**
 * A mobile number in E.164 (`+31612345678`), where SMS alerts go. Spaces, hyphens, dots and
 * brackets as people type them are taken out first (`+31 6-1234 5678`); the national form
 * (`06 …`) is refused, because a gateway cannot tell which country it belongs to.
 */
export const phoneNumber = z
  .string()
  .transform((value) => value.replace(/[\s\-.()]/gu, ''))
  .pipe(z.string().regex(/^\+[1-9][0-9]{6,14}$/u, 'must be an international number in E.164 form, such as +31612345678'));

/**
 * Where a person's alerts go: e-mail always, SMS as well when asked (it needs a phone number).
 * Given in any order, stored and answered as `["email"]` or `["email", "sms"]`.
 */
export const alertChannels = z
  .array(z.enum(alertChannelNames))
  .refine((channels) => channels.includes('email'), 'must include "email": alert e-mails always go; "sms" comes on top')
  .transform((channels) => alertChannelNames.filter((channel) => channels.includes(channel)));

/** What someone sets on their own settings page (and the API sets alongside the rest). */
export const alertSettings = z.strictObject({
  phone: phoneNumber.nullable(),
  alertChannels,
});
export type AlertSettings = z.output<typeof alertSettings>;

export const employeeInput = z.strictObject({
  name: personName,
  email: emailAddress,
  managerId: integratorId.nullish().transform((value) => value ?? null),
  locale: locale.optional(),
  /** The part of the firm they work in, for the register and the statistics; omitted: none. */
  division: lineOfText(100).nullish().transform((value) => value ?? null),
  /**
   * Stops (true) or resumes (false) the weekly digest. Unlike the other fields, leaving it
   * out keeps what is stored: the person may have opted out with the link in the digest,
   * and a CRM sync that does not know the field must not undo that.
   */
  digestOptOut: z.boolean().optional(),
  /** Like `digestOptOut`, these keep what is stored when left out: people set them on their own settings page. */
  phone: alertSettings.shape.phone.optional(),
  alertChannels: alertSettings.shape.alertChannels.optional(),
});
export type EmployeeInput = z.output<typeof employeeInput>;

export const projectInput = z.strictObject({
  name: lineOfText(200),
  client: z.strictObject({ id: integratorId, name: lineOfText(200) }),
  contact: z.strictObject({ name: personName, email: emailAddress, locale: locale.optional() }),
  accountManagerId: integratorId,
});
export type ProjectInput = z.output<typeof projectInput>;

/**
 * A response. `wouldRecommend`, `recommendScore` (the 0–10 Net Promoter question) or both; a
 * number outside 0–10 passes here and is refused as 422 naming `recommendScore` by
 * `recommendAnswer`, which also derives `wouldRecommend` from a score given alone.
 */
export const responseInput = z
  .strictObject({
    projectId: integratorId,
    satisfaction: z.enum(satisfactions),
    motivation: motivationText.nullish().transform((value) => (value ? value : null)),
    wouldRecommend: z.boolean().optional(),
    recommendScore: z.number().nullish().transform((value) => value ?? null),
    wantsMoreServices: z.boolean(),
    respondent: z.strictObject({ name: personName, email: emailAddress }).optional(),
  })
  .superRefine((response, context) => {
    if (response.wouldRecommend !== undefined || response.recommendScore !== null) return;
    context.addIssue({ code: 'custom', path: ['wouldRecommend'], message: 'is required when recommendScore is not given' });
  });
export type ResponseInput = z.output<typeof responseInput>;

/**
 * A destination's address: an absolute http(s) URL without credentials. Whether it may be used
 * (https, and not an internal address) is decided where its host is resolved.
 */
export const destinationUrl = z
  .string()
  .trim()
  .max(2000, 'must be at most 2000 characters')
  .refine((value) => URL.canParse(value) && ['http:', 'https:'].includes(new URL(value).protocol), 'must be an https URL')
  .refine((value) => !URL.canParse(value) || (new URL(value).username === '' && new URL(value).password === ''), 'must not carry a user name or password');

/** A destination as the API and the management module set it; `events` and `division` may be left out. */
export const destinationInput = z.strictObject({
  kind: z.enum(destinationKinds),
  url: destinationUrl,
  /** Given in any order, stored in the order of `eventTypes`; omitted: what the kind gets by default. */
  events: z
    .array(z.enum(eventTypes))
    .min(1, 'must name at least one event')
    .transform((events) => eventTypes.filter((type) => events.includes(type)))
    .optional(),
  division: lineOfText(100).nullish().transform((value) => value ?? null),
});
export type DestinationInput = z.output<typeof destinationInput>;
