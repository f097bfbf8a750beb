import { isIP } from 'node:net';
import type { Logger } from '@ambassador/observability/logger';
import smpp, { type PDU, type Session } from 'smpp';
import type { SmppAccount } from '../config.ts';
import { TransportError } from '../failures.ts';
import { encodeSms, MAX_SMS_SEGMENTS } from './sms-encoding.ts';
import { receiptOf, type SmsReceipt } from './sms-receipt.ts';
import type { Transport } from './transport.ts';

export interface OutgoingSms {
  /** E.164, `+` and digits. */
  to: string;
  text: string;
}

export interface SmsTransport extends Transport<OutgoingSms> {
  /** Unbinds and closes the session; sends waiting for one fail. */
  close(): Promise<void>;
}

export interface SmppTimings {
  /** How often the session is checked with enquire_link (gateways drop idle ones). */
  enquireLinkMs: number;
  /** How long a request (bind, submit_sm, enquire_link) may wait for its response. */
  responseTimeoutMs: number;
  /** How long a send waits for a bound session before it fails (and is retried later). */
  bindWaitMs: number;
  /** Waits between attempts to bind again after a drop: doubling from the first to the last. */
  rebindDelayMs: { first: number; max: number };
}

export const defaultSmppTimings: SmppTimings = {
  enquireLinkMs: 30_000,
  responseTimeoutMs: 10_000,
  bindWaitMs: 10_000,
  rebindDelayMs: { first: 1000, max: 60_000 },
};

export interface SmsTransportSettings {
  account: SmppAccount;
  logger: Logger;
  /** Records a receipt; the gateway hears that it was taken only after this resolves. */
  onReceipt: (receipt: SmsReceipt) => Promise<void>;
  timings?: Partial<SmppTimings>;
}

/** A gateway's refusal: the command status of its response, by name (failures.ts reads it). */
export class SmppRefusal extends Error {
  override name = 'SmppRefusal';
  readonly code: string;
  readonly commandStatus: number;
  constructor(command: string, commandStatus: number) {
    const code = statusName(commandStatus);
    super(`${command} refused: ${code} (0x${commandStatus.toString(16).padStart(8, '0')})`);
    this.code = code;
    this.commandStatus = commandStatus;
  }
}

const statusNames = new Map(Object.entries(smpp.errors).map(([name, value]) => [value, name]));

function statusName(commandStatus: number): string {
  return statusNames.get(commandStatus) ?? 'ESME_UNKNOWN_STATUS';
}

// SMPP 3.4: TON/NPI of an alphanumeric sender and of an international number; registered_delivery
// asking for the final outcome.
const TON_ALPHANUMERIC = 5;
const TON_INTERNATIONAL = 1;
const NPI_ISDN = 1;
const RECEIPT_ON_SUCCESS_OR_FAILURE = 0x01;
const INTERFACE_VERSION_3_4 = 0x34;
const ESME_RX_T_APPN = 0x64;
const ESME_RINVCMDID = 0x03;
/** Requests from the gateway answered by their own handlers; alert_notification has no answer. */
const answeredRequests = new Set(['deliver_sm', 'enquire_link', 'unbind', 'alert_notification']);

/**
 * SMS over SMPP 3.4: one transceiver session, bound at start and kept open (enquire_link on an
 * interval, bound again with growing waits after a drop or a refused bind). A send waits for
 * the session up to `bindWaitMs`, then fails as transient; the queue retries it.
 *
 * Each SMS is one submit_sm: a text of one segment in `short_message`, a longer one (two
 * segments at most) in the `message_payload` TLV, which the gateway splits into concatenated
 * segments. One PDU per SMS rather than a submit_sm per UDH segment: the gateway takes or
 * refuses the SMS whole, so a throttled second segment can never leave a first one out that a
 * retry would send again; and there is one message id to record and one receipt to match.
 * `registered_delivery` asks for the final receipt, which `onReceipt` records.
 */
export function createSmsTransport({ account, logger, onReceipt, timings: overrides = {} }: SmsTransportSettings): SmsTransport {
  const timings = { ...defaultSmppTimings, ...overrides };
  const log = logger.child({ component: 'smpp', host: account.host, port: account.port });
  let closing = false;
  let bound: Session | undefined;
  /** The session connecting or bound now. */
  let current: Session | undefined;
  let waiters: { resolve: (session: Session) => void; reject: (error: Error) => void }[] = [];
  let rebindDelay = timings.rebindDelayMs.first;
  let rebindTimer: NodeJS.Timeout | undefined;
  // Requests awaiting their response, per session: a session that closes fails them at once.
  const inFlight = new Map<Session, Set<(error: Error) => void>>();
  // Each session's end, whenever it comes (the gateway may close first, after unbind_resp).
  const closed = new WeakMap<Session, Promise<void>>();

  function request(session: Session, command: 'bind_transceiver' | 'submit_sm' | 'enquire_link' | 'unbind', fields: Record<string, unknown> = {}): Promise<PDU> {
    return new Promise((resolve, reject) => {
      const pending = inFlight.get(session) ?? new Set();
      inFlight.set(session, pending);
      const settle = () => {
        clearTimeout(timer);
        pending.delete(fail);
      };
      const fail = (error: Error) => {
        settle();
        reject(error);
      };
      const timer = setTimeout(
        () => fail(new TransportError(`no ${command}_resp within ${timings.responseTimeoutMs} ms`, { permanent: false, code: 'SMPP_TIMEOUT' })),
        timings.responseTimeoutMs,
      );
      pending.add(fail);
      const written = session[command](fields, (response) => {
        settle();
        resolve(response);
      });
      if (!written) fail(new TransportError('the SMPP connection is not writable', { permanent: false, code: 'SMPP_NOT_CONNECTED' }));
    });
  }

  function connect(): void {
    rebindTimer = undefined;
    const session = smpp.connect({ host: account.host, port: account.port, tls: account.tls, ...(account.tls && isIP(account.host) === 0 ? { servername: account.host } : {}) });
    current = session;
    closed.set(session, new Promise((resolve) => session.once('close', () => resolve())));
    let enquireTimer: NodeJS.Timeout | undefined;
    session.on('error', (error: Error) => log.warn({ err: error }, 'SMPP connection error'));
    session.on('close', () => {
      clearInterval(enquireTimer);
      for (const fail of inFlight.get(session) ?? []) fail(new TransportError('the SMPP session closed', { permanent: false, code: 'SMPP_SESSION_CLOSED' }));
      inFlight.delete(session);
      if (bound === session) {
        bound = undefined;
        log.warn('SMPP session lost');
      }
      if (closing) return;
      log.info({ delayMs: rebindDelay }, 'binding to the SMPP gateway again after a wait');
      rebindTimer = setTimeout(connect, rebindDelay);
      rebindDelay = Math.min(rebindDelay * 2, timings.rebindDelayMs.max);
    });
    session.on('deliver_sm', (pdu: PDU) => void answerDeliverSm(session, pdu));
    session.on('enquire_link', (pdu: PDU) => session.send(pdu.response()));
    session.on('unbind', (pdu: PDU) => {
      session.send(pdu.response());
      session.close();
    });
    // Any other request gets an answer too, so that the gateway does not wait for one.
    session.on('pdu', (pdu: PDU) => {
      if (!pdu.isResponse() && !answeredRequests.has(pdu.command)) session.send(pdu.response({ command_status: ESME_RINVCMDID }));
    });
    session.on(account.tls ? 'secureConnect' : 'connect', () => {
      request(session, 'bind_transceiver', { system_id: account.systemId, password: account.password, interface_version: INTERFACE_VERSION_3_4 }).then(
        (response) => {
          if (response.command_status !== 0) {
            log.error({ code: statusName(response.command_status) }, 'the SMPP gateway refused the bind: check SMPP_URL');
            session.destroy();
            return;
          }
          if (closing) {
            session.destroy();
            return;
          }
          bound = session;
          rebindDelay = timings.rebindDelayMs.first;
          log.info('SMPP session bound');
          enquireTimer = setInterval(() => {
            request(session, 'enquire_link').catch((error: unknown) => {
              log.warn({ err: error }, 'the SMPP gateway did not answer enquire_link; binding again');
              session.destroy();
            });
          }, timings.enquireLinkMs);
          for (const waiter of waiters.splice(0)) waiter.resolve(session);
        },
        (error: unknown) => {
          log.warn({ err: error }, 'binding to the SMPP gateway failed');
          session.destroy();
        },
      );
    });
  }

  /** Answers a deliver_sm once what it says is recorded: the gateway sends it again otherwise. */
  async function answerDeliverSm(session: Session, pdu: PDU): Promise<void> {
    const receipt = receiptOf(pdu);
    try {
      if (receipt) await onReceipt(receipt);
      else log.info('ignoring a deliver_sm that is not a final delivery receipt');
      session.send(pdu.response());
    } catch (error) {
      log.error({ err: error }, 'recording an SMS receipt failed; the gateway will offer it again');
      session.send(pdu.response({ command_status: ESME_RX_T_APPN }));
    }
  }

  function boundSession(): Promise<Session> {
    if (bound) return Promise.resolve(bound);
    if (closing) return Promise.reject(new TransportError('the SMS transport is closed', { permanent: false, code: 'SMPP_CLOSED' }));
    return new Promise((resolve, reject) => {
      const waiter = {
        resolve: (session: Session) => {
          clearTimeout(timer);
          resolve(session);
        },
        reject,
      };
      const timer = setTimeout(() => {
        waiters = waiters.filter((other) => other !== waiter);
        reject(new TransportError(`no bound SMPP session within ${timings.bindWaitMs} ms: the gateway is unreachable or refuses the bind`, { permanent: false, code: 'SMPP_NOT_BOUND' }));
      }, timings.bindWaitMs);
      waiters.push(waiter);
    });
  }

  connect();

  return {
    async send(sms) {
      const encoded = encodeSms(sms.text);
      if (encoded.segments > MAX_SMS_SEGMENTS) {
        throw new TransportError(`the text takes ${encoded.segments} segments, more than ${MAX_SMS_SEGMENTS}`, { permanent: true, code: 'SMS_TOO_LONG' });
      }
      const session = await boundSession();
      const response = await request(session, 'submit_sm', {
        source_addr_ton: TON_ALPHANUMERIC,
        source_addr: account.sender,
        dest_addr_ton: TON_INTERNATIONAL,
        dest_addr_npi: NPI_ISDN,
        destination_addr: sms.to.replace(/^\+/u, ''),
        registered_delivery: RECEIPT_ON_SUCCESS_OR_FAILURE,
        data_coding: encoded.dataCoding,
        ...(encoded.segments === 1 ? { short_message: encoded.bytes } : { short_message: Buffer.alloc(0), message_payload: encoded.bytes }),
      });
      if (response.command_status !== 0) throw new SmppRefusal('submit_sm', response.command_status);
      const messageId = typeof response['message_id'] === 'string' ? response['message_id'] : '';
      return {
        reply: `ESME_ROK message_id ${messageId}`,
        ...(messageId === '' ? {} : { peerMessageId: messageId }),
        body: { text: sms.text, encoding: encoded.encoding, segments: encoded.segments },
      };
    },
    async close() {
      closing = true;
      clearTimeout(rebindTimer);
      for (const waiter of waiters.splice(0)) waiter.reject(new TransportError('the SMS transport closed', { permanent: false, code: 'SMPP_CLOSED' }));
      const session = bound;
      if (!session) {
        current?.destroy();
        return;
      }
      // Unbind politely, but do not wait long for a gateway that does not answer; then the
      // connection has nothing more to say.
      await request(session, 'unbind').catch((error: unknown) => log.warn({ err: error }, 'no answer to unbind; closing anyway'));
      session.destroy();
      await closed.get(session);
    },
  };
}

/** Without SMPP_URL: every SMS fails at once, saying why (the response page shows it). */
export const smsNotConfigured: Transport<OutgoingSms> = {
  send() {
    return Promise.reject(new TransportError('SMS is not configured: set SMPP_URL', { permanent: true, code: 'SMS_NOT_CONFIGURED' }));
  },
};
