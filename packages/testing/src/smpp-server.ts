import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import smpp, { type PDU, type Session } from 'smpp';

/**
 * A real SMPP 3.4 server (the `smpp` package's, as a gateway's SMSC would speak it) for tests: it
 * binds transceivers that give its system_id and password, records every submit_sm as it decoded
 * it, answers with a message id or with the error a test asks for, can be slow or drop the
 * session, and sends delivery receipts when told to.
 */

export interface SubmittedSms {
  /** destination_addr, as sent (E.164 without the `+`). */
  destination: string;
  source: string;
  /** The text as the server decoded it with its data_coding. */
  text: string;
  dataCoding: number;
  /** The text was in message_payload (not short_message). */
  inPayload: boolean;
  /** Segments a handset receives: counted by the server from the encoded length (GSM-7 160/153, UCS-2 70/67). */
  segments: number;
  registeredDelivery: number;
  /** The command status answered (0: accepted); undefined when the session was dropped instead. */
  status: number | undefined;
  /** The id answered with, when accepted. */
  messageId: string | undefined;
}

/** What the server does with one submit_sm. */
export type SmppVerdict =
  /** With `receiptFirst`, the delivery receipt goes out before the answer to submit_sm, as some gateways do. */
  | { kind: 'accept'; delayMs?: number; receiptFirst?: ReceiptState }
  /** Answer with this command status (an ESME_R… name). */
  | { kind: 'refuse'; status: string; delayMs?: number }
  /** Close the connection without answering. */
  | { kind: 'drop' };

export interface TestSmppServer {
  port: number;
  /** SMPP_URL for the notifier: smpp://<system_id>:<password>@127.0.0.1:<port>. */
  url: string;
  systemId: string;
  password: string;
  /** Every submit_sm, in order, with what it was answered. */
  submitted: SubmittedSms[];
  /** The accepted ones. */
  accepted(): SubmittedSms[];
  /** Successful binds so far (a re-bind after a drop counts again). */
  binds(): number;
  /** enquire_link requests answered so far. */
  enquireLinks(): number;
  /** unbind requests answered so far (a client closing its session politely). */
  unbinds(): number;
  /** Decides each following submit_sm's fate; receives its number (1-based) and what it carries. */
  respondWith(decide: (attempt: number, sms: SubmittedSms) => SmppVerdict): void;
  /** Closes every bound session's connection, as a gateway restart would. */
  dropSessions(): void;
  /**
   * Sends a delivery receipt for an accepted message; resolves with the command status of the
   * client's deliver_sm_resp. With `textOnly`, the receipt says it only in its text (`id:`,
   * `stat:`), as many gateways do, without the receipted_message_id and message_state TLVs.
   */
  sendReceipt(messageId: string, stat: ReceiptState, options?: { textOnly?: boolean }): Promise<number>;
  close(): Promise<void>;
}

export type ReceiptState = 'DELIVRD' | 'UNDELIV' | 'EXPIRED' | 'ENROUTE';

const ESM_CLASS_DELIVERY_RECEIPT = 0x04;
const messageStates: Record<string, number> = { ENROUTE: 1, DELIVRD: 2, EXPIRED: 3, UNDELIV: 5 };

/** Segments, from the encoded length the way an SMSC counts them (the package's own GSM codec). */
function segmentsOf(text: string, dataCoding: number): number {
  const [units, single, perSegment] = dataCoding === 8 ? [text.length, 70, 67] : [smpp.encodings.ASCII.encode(text).length, 160, 153];
  return units <= single ? 1 : Math.ceil(units / perSegment);
}

function decodedText(field: unknown): string {
  if (typeof field !== 'object' || field === null || !('message' in field)) return '';
  return typeof field.message === 'string' ? field.message : '';
}

export async function startTestSmppServer({ systemId = 'ambassador', password = 'secret12' } = {}): Promise<TestSmppServer> {
  const submitted: SubmittedSms[] = [];
  const bound = new Set<Session>();
  let binds = 0;
  let enquireLinks = 0;
  let unbinds = 0;
  let decide: (attempt: number, sms: SubmittedSms) => SmppVerdict = () => ({ kind: 'accept' });

  /** A deliver_sm with the receipt for an accepted message; resolves with the status of the client's answer. */
  function sendReceiptOn(session: Session, sms: SubmittedSms, stat: ReceiptState, textOnly: boolean): Promise<number> {
    const messageId = sms.messageId ?? '';
    const date = '2612021200';
    return new Promise((resolve) => {
      session.deliver_sm(
        {
          source_addr: sms.destination,
          destination_addr: sms.source,
          esm_class: ESM_CLASS_DELIVERY_RECEIPT,
          short_message: `id:${messageId} sub:001 dlvrd:${stat === 'DELIVRD' ? '001' : '000'} submit date:${date} done date:${date} stat:${stat} err:${stat === 'DELIVRD' ? '000' : '001'} text:`,
          ...(textOnly ? {} : { receipted_message_id: messageId, message_state: messageStates[stat] }),
        },
        (response) => resolve(response.command_status),
      );
    });
  }

  const server = smpp.createServer({}, (session) => {
    session.on('error', () => {});
    session.on('close', () => bound.delete(session));
    session.on('bind_transceiver', (pdu: PDU) => {
      if (pdu['system_id'] !== systemId || pdu['password'] !== password) {
        session.send(pdu.response({ command_status: smpp.errors['ESME_RBINDFAIL'] }));
        return;
      }
      binds += 1;
      bound.add(session);
      session.send(pdu.response({ system_id: 'TestSMSC' }));
    });
    session.on('enquire_link', (pdu: PDU) => {
      enquireLinks += 1;
      session.send(pdu.response());
    });
    session.on('unbind', (pdu: PDU) => {
      unbinds += 1;
      session.send(pdu.response());
      session.close();
    });
    session.on('submit_sm', (pdu: PDU) => {
      if (!bound.has(session)) {
        session.send(pdu.response({ command_status: smpp.errors['ESME_RINVBNDSTS'] }));
        return;
      }
      const payload = decodedText(pdu['message_payload']);
      const text = payload || decodedText(pdu['short_message']);
      const dataCoding = typeof pdu['data_coding'] === 'number' ? pdu['data_coding'] : 0;
      const sms: SubmittedSms = {
        destination: String(pdu['destination_addr']),
        source: String(pdu['source_addr']),
        text,
        dataCoding,
        inPayload: payload !== '',
        segments: segmentsOf(text, dataCoding),
        registeredDelivery: typeof pdu['registered_delivery'] === 'number' ? pdu['registered_delivery'] : 0,
        status: undefined,
        messageId: undefined,
      };
      submitted.push(sms);
      const verdict = decide(submitted.length, sms);
      if (verdict.kind === 'drop') {
        session.destroy();
        return;
      }
      const answer = () => {
        if (verdict.kind === 'refuse') {
          sms.status = smpp.errors[verdict.status];
          if (sms.status === undefined) throw new Error(`no SMPP status ${verdict.status}`);
          session.send(pdu.response({ command_status: sms.status }));
          return;
        }
        sms.status = 0;
        sms.messageId = randomBytes(8).toString('hex');
        if (verdict.receiptFirst) void sendReceiptOn(session, sms, verdict.receiptFirst, false);
        session.send(pdu.response({ message_id: sms.messageId }));
      };
      if (verdict.delayMs) setTimeout(answer, verdict.delayMs);
      else answer();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    port,
    url: `smpp://${systemId}:${password}@127.0.0.1:${port}`,
    systemId,
    password,
    submitted,
    accepted: () => submitted.filter((sms) => sms.status === 0),
    binds: () => binds,
    enquireLinks: () => enquireLinks,
    unbinds: () => unbinds,
    respondWith(next) {
      decide = next;
    },
    dropSessions() {
      for (const session of bound) session.destroy();
    },
    sendReceipt(messageId, stat, { textOnly = false } = {}) {
      const sms = submitted.find((candidate) => candidate.messageId === messageId);
      const session = [...bound].at(-1);
      if (!sms || !session) throw new Error(`no accepted message ${messageId} or no bound session to report it on`);
      return sendReceiptOn(session, sms, stat, textOnly);
    },
    async close() {
      for (const session of [...server.sessions]) session.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
