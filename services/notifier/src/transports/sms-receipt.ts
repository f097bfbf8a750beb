import type { PDU } from 'smpp';

/** A gateway's delivery receipt: the message it is about, and whether it reached the phone. */
export interface SmsReceipt {
  peerMessageId: string;
  outcome: { delivered: true } | { delivered: false; reason: string };
}

// esm_class bits 2–5: the message type; 0001 is a delivery receipt from the SMSC.
const ESM_CLASS_MESSAGE_TYPE = 0x3c;
const ESM_CLASS_DELIVERY_RECEIPT = 0x04;

/** SMPP message_state values as receipts write them in their `stat:`. */
const stateWords: Record<number, string> = { 1: 'ENROUTE', 2: 'DELIVRD', 3: 'EXPIRED', 4: 'DELETED', 5: 'UNDELIV', 6: 'ACCEPTD', 7: 'UNKNOWN', 8: 'REJECTD', 9: 'SKIPPED' };
/** The final states in which the SMS never reached the phone. */
const undeliveredStates = new Set(['EXPIRED', 'DELETED', 'UNDELIV', 'REJECTD']);

/**
 * The delivery receipt in a deliver_sm (esm_class says so): the message id from the
 * receipted_message_id TLV, else the `id:` of the text; the state from the message_state TLV,
 * else the `stat:` of the text (`id:… sub:… dlvrd:… submit date:… done date:… stat:DELIVRD err:000`).
 * Undefined for anything else, and for a receipt of an intermediate state (ENROUTE, ACCEPTD).
 */
export function receiptOf(pdu: PDU): SmsReceipt | undefined {
  const esmClass = typeof pdu['esm_class'] === 'number' ? pdu['esm_class'] : 0;
  if ((esmClass & ESM_CLASS_MESSAGE_TYPE) !== ESM_CLASS_DELIVERY_RECEIPT) return undefined;
  const text = receiptText(pdu['short_message']) || receiptText(pdu['message_payload']);
  const field = (name: string) => new RegExp(`(?:^|\\s)${name}:(\\S+)`, 'iu').exec(text)?.[1];
  const peerMessageId = typeof pdu['receipted_message_id'] === 'string' && pdu['receipted_message_id'] !== '' ? pdu['receipted_message_id'] : field('id');
  const state = typeof pdu['message_state'] === 'number' ? stateWords[pdu['message_state']] : field('stat')?.toUpperCase();
  if (peerMessageId === undefined || state === undefined) return undefined;
  if (state === 'DELIVRD') return { peerMessageId, outcome: { delivered: true } };
  if (!undeliveredStates.has(state)) return undefined;
  const error = field('err');
  return { peerMessageId, outcome: { delivered: false, reason: `the SMS gateway reports it not delivered: ${state}${error ? ` (err:${error})` : ''}` } };
}

function receiptText(field: unknown): string {
  if (typeof field !== 'object' || field === null || !('message' in field)) return '';
  return typeof field.message === 'string' ? field.message : Buffer.isBuffer(field.message) ? field.message.toString('latin1') : '';
}
