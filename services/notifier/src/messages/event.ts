import { type EventBody, findEventMessage, type ResponseClassifiedData } from '@ambassador/db/events';
import { type MessageHandler, noFormFor } from './message.ts';
import { renderSlackAlert, renderSlackTest, renderTeamsAlert, renderTeamsTest } from '../templates/event-chat.ts';

/**
 * An event for one of the firm's destinations. A webhook gets the event's stored body as it is,
 * signed, under the event's id (the same on a retry or a redelivery); a Teams or Slack channel
 * gets a card of the alert it stands for. Not sent to a destination that is disabled by now
 * (but for a test event), nor once retention has removed the event's body.
 */
export const eventMessage: MessageHandler = {
  async prepare(db, delivery) {
    if (delivery.eventId === null || delivery.destinationId === null) return undefined;
    const event = await findEventMessage(db, delivery.eventId, delivery.destinationId);
    if (!event) return undefined;
    const { destination, body } = event;
    return {
      // A test event goes to a disabled destination too: it is how an admin checks it before enabling it.
      decision: !destination.active && event.type !== 'destination.test'
        ? { cancel: 'the destination is disabled' }
        : body === null
          ? { cancel: 'the event was removed by retention' }
          : { send: true },
      logFields: { eventId: event.id, destinationId: destination.id, ...(event.responseId ? { responseId: event.responseId } : {}) },
      ...(event.type === 'response.classified' && event.context ? { startedAt: event.context.submittedAt } : {}),
      render(channel, { links }) {
        if (body === null || channel !== destination.kind) return noFormFor('event', channel);
        if (channel === 'webhook') {
          if (destination.secret === null) return noFormFor('event', channel);
          return { channel, message: { url: destination.url, body, signing: { id: event.id, secret: destination.secret } } };
        }
        const teams = channel === 'teams';
        if (event.type === 'destination.test') {
          return { channel, message: { url: destination.url, body: JSON.stringify(teams ? renderTeamsTest() : renderSlackTest()) } };
        }
        if (event.type !== 'response.classified' || !event.context) return noFormFor('event', channel);
        const { data } = JSON.parse(body) as EventBody<'response.classified', ResponseClassifiedData>;
        const alert = { data, ...event.context, responseUrl: links.response(data.responseId) };
        return { channel, message: { url: destination.url, body: JSON.stringify(teams ? renderTeamsAlert(alert) : renderSlackAlert(alert)) } };
      },
    };
  },
};
