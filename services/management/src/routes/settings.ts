import { recordAuditEvent } from '@ambassador/db/audit';
import { findAlertSettings, updateAlertSettings } from '@ambassador/db/employees';
import { UnprocessableError } from '@ambassador/domain/errors';
import { alertSettings } from '@ambassador/domain/inputs';
import { managementRoutes } from '@ambassador/links/links';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ManagementDependencies } from '../dependencies.ts';
import { localeOf, sendErrorPage, sendPage } from '../plugins/pages.ts';
import { viewer } from '../plugins/session.ts';
import { settingsMessages } from '../views/settings-messages.ts';
import { notAnEmployeePage, type SettingsErrors, type SettingsForm, settingsPage } from '../views/settings.ts';

/** The form as posted: a phone (empty: none) and the channels ticked (the hidden `email` and, if ticked, `sms`). */
function postedForm(body: unknown): { form: SettingsForm; channels: string[] } {
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const phone = typeof fields['phone'] === 'string' ? fields['phone'] : '';
  const channels = [fields['alertChannels']].flat().filter((value): value is string => typeof value === 'string');
  return { form: { phone, sms: channels.includes('sms') }, channels };
}

/**
 * "Mijn instellingen": the signed-in employee sets their own mobile number and whether alerts
 * come by SMS as well, validated with the API's schemas; each change is an audit event in the
 * same transaction.
 */
export default async function settingsRoutes(app: FastifyInstance, dependencies: ManagementDependencies): Promise<void> {
  const { db, clock } = dependencies;

  function render(request: FastifyRequest, reply: FastifyReply, status: number, form: SettingsForm, options: { errors?: SettingsErrors; saved?: boolean } = {}) {
    const locale = localeOf(request);
    const body = settingsPage(locale, form, { csrfToken: reply.csrfToken(), ...options });
    return sendPage(request, reply, status, { title: settingsMessages[locale].title, body, active: 'settings' });
  }

  app.get(managementRoutes.settings, async (request, reply) => {
    const { employeeId } = viewer(request);
    const locale = localeOf(request);
    if (!employeeId) return sendPage(request, reply, 200, { title: settingsMessages[locale].title, body: notAnEmployeePage(locale), active: 'settings' });
    const stored = await findAlertSettings(db, employeeId);
    if (!stored) return sendErrorPage(request, reply, 404);
    const saved = (request.query as { saved?: string }).saved === '1';
    return render(request, reply, 200, { phone: stored.phone ?? '', sms: stored.alertChannels.includes('sms') }, { saved });
  });

  app.post(managementRoutes.settings, async (request, reply) => {
    const { employeeId, email } = viewer(request);
    if (!employeeId) return sendErrorPage(request, reply, 404);
    const m = settingsMessages[localeOf(request)].errors;
    const { form, channels } = postedForm(request.body);
    const parsed = alertSettings.safeParse({ phone: form.phone.trim() === '' ? null : form.phone, alertChannels: channels });
    if (!parsed.success) {
      const errors: SettingsErrors = {};
      for (const issue of parsed.error.issues) errors[issue.path[0] === 'phone' ? 'phone' : 'alertChannels'] = issue.path[0] === 'phone' ? m.phone : m.alertChannels;
      return render(request, reply, 422, form, { errors });
    }
    const now = clock();
    let updated: boolean;
    try {
      updated = await db.transaction().execute(async (trx) => {
        if (!(await updateAlertSettings(trx, employeeId, parsed.data))) return false;
        await recordAuditEvent(trx, { at: now, actor: { type: 'user', email }, action: 'employee.settings_changed', subjectId: employeeId });
        return true;
      });
    } catch (error) {
      if (!(error instanceof UnprocessableError)) throw error;
      // SMS ticked without a phone (the database refuses it): the phone is what to fill in.
      return render(request, reply, 422, form, { errors: { phone: m.smsNeedsPhone } });
    }
    if (!updated) return sendErrorPage(request, reply, 404);
    request.log.info({ sms: parsed.data.alertChannels.includes('sms') }, 'alert settings changed');
    return reply.redirect(`${managementRoutes.settings}?saved=1`, 303);
  });
}
