import { Counter, Histogram, type Registry } from '@ambassador/observability/metrics';

export interface NotifierMetrics {
  alertsSent: Counter;
  alertFailures: Counter<'permanent' | 'final'>;
  submitToSent: Histogram;
  invitationMessagesSent: Counter<'message'>;
  invitationDeliveryFailures: Counter<'message' | 'permanent' | 'final'>;
  managerMessagesSent: Counter<'message'>;
  managerMessageFailures: Counter<'message' | 'permanent' | 'final'>;
}

export function createNotifierMetrics(registry: Registry): NotifierMetrics {
  return {
    alertsSent: new Counter({ name: 'ambassador_alerts_sent_total', help: 'Alert e-mails accepted by the SMTP server', registers: [registry] }),
    alertFailures: new Counter({
      name: 'ambassador_alert_delivery_failures_total',
      help: 'Failed alert delivery attempts',
      labelNames: ['permanent', 'final'],
      registers: [registry],
    }),
    submitToSent: new Histogram({
      name: 'ambassador_alert_latency_seconds',
      help: 'From the response being submitted to its alert e-mail being accepted by the SMTP server',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers: [registry],
    }),
    invitationMessagesSent: new Counter({
      name: 'ambassador_invitation_emails_sent_total',
      help: 'Invitation and reminder e-mails accepted by the SMTP server',
      labelNames: ['message'],
      registers: [registry],
    }),
    invitationDeliveryFailures: new Counter({
      name: 'ambassador_invitation_delivery_failures_total',
      help: 'Failed invitation and reminder delivery attempts',
      labelNames: ['message', 'permanent', 'final'],
      registers: [registry],
    }),
    managerMessagesSent: new Counter({
      name: 'ambassador_manager_emails_sent_total',
      help: 'Escalation and weekly digest e-mails accepted by the SMTP server',
      labelNames: ['message'],
      registers: [registry],
    }),
    managerMessageFailures: new Counter({
      name: 'ambassador_manager_email_delivery_failures_total',
      help: 'Failed escalation and weekly digest delivery attempts',
      labelNames: ['message', 'permanent', 'final'],
      registers: [registry],
    }),
  };
}
