// The parts of the `smpp` package (which ships no types) that the SMS transport and the test
// SMPP server in packages/testing use.
declare module 'smpp' {
  import type { EventEmitter } from 'node:events';
  import type { Server as NetServer, Socket } from 'node:net';

  /** One protocol data unit: its header, and its fields and TLVs by their SMPP names. */
  export interface PDU {
    command: string;
    command_id: number;
    command_status: number;
    sequence_number: number;
    [field: string]: unknown;
    isResponse(): boolean;
    /** The response PDU to this request (`generic_nack` to an unknown command). */
    response(options?: Record<string, unknown>): PDU;
  }

  type Command = (options?: Record<string, unknown>, onResponse?: (pdu: PDU) => void, onSent?: (pdu: PDU) => void) => boolean;

  export interface Session extends EventEmitter {
    socket: Socket;
    /** Writes a PDU; false (and nothing sent) when the socket is not writable. */
    send(pdu: PDU, onResponse?: (pdu: PDU) => void, onSent?: (pdu: PDU) => void): boolean;
    close(callback?: () => void): void;
    destroy(callback?: () => void): void;
    bind_transceiver: Command;
    submit_sm: Command;
    deliver_sm: Command;
    enquire_link: Command;
    unbind: Command;
  }

  export interface ConnectOptions {
    host: string;
    port: number;
    tls?: boolean;
    servername?: string;
  }

  export interface Server extends NetServer {
    sessions: Session[];
  }

  interface Smpp {
    connect(options: ConnectOptions): Session;
    createServer(options: Record<string, unknown>, onSession?: (session: Session) => void): Server;
    PDU: new (command: string, options?: Record<string, unknown>) => PDU;
    /** Command status names (ESME_R…) and their values. */
    errors: Record<string, number>;
    /** The package's own text codecs: GSM 03.38 (one septet per octet), UCS-2. */
    encodings: Record<'ASCII' | 'UCS2', { encode(text: string): Buffer }>;
  }

  const smpp: Smpp;
  export default smpp;
}
