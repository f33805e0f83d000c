import { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** Envelope recipients (To and Cc alike), as the server was asked to deliver. */
  envelopeTo: string[];
  to: string[];
  cc: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  outboxId: string;
}

export interface SmtpSink {
  url: string;
  port: number;
  received: ReceivedMail[];
  /** While set, every message is refused with this reply code (4xx: try later; 5xx: never). */
  refuseWith: number | null;
  refused: number;
  /** Each accepted message is answered after this long (a slow mail server). */
  delayMs: number;
  /** Server errors other than connections reset by a killed client. */
  errors: string[];
  close(): Promise<void>;
}

/** A real SMTP server in the test process (smtp-server), parsing what it accepts (mailparser) unless told not to. */
export async function startSmtpSink(port = 0, options: { parse?: boolean } = {}): Promise<SmtpSink> {
  const parse = options.parse ?? true;
  const sink: SmtpSink = {
    url: '',
    port: 0,
    received: [],
    refuseWith: null,
    refused: 0,
    delayMs: 0,
    errors: [],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('error', () => undefined); // the client went away mid-message: nothing was accepted
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (sink.refuseWith) {
          sink.refused += 1;
          const error = new Error(sink.refuseWith >= 500 ? 'Mailbox unavailable' : 'Try again later') as Error & { responseCode: number };
          error.responseCode = sink.refuseWith;
          return callback(error);
        }
        if (!parse) {
          // Counting only (the benchmark): an entry without the parsed fields.
          sink.received.push({
            envelopeTo: session.envelope.rcptTo.map((r) => r.address),
            to: [],
            cc: [],
            from: '',
            subject: '',
            text: '',
            html: '',
            messageId: '',
            outboxId: '',
          });
          return callback(null);
        }
        simpleParser(Buffer.concat(chunks)).then(
          (mail) => {
            const list = (a: unknown) =>
              ([] as { value: { address?: string }[] }[]).concat((a as never) ?? []).flatMap((x) => x.value.map((v) => v.address ?? ''));
            sink.received.push({
              envelopeTo: session.envelope.rcptTo.map((r) => r.address),
              to: list(mail.to),
              cc: list(mail.cc),
              from: mail.from?.text ?? '',
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              html: typeof mail.html === 'string' ? mail.html : '',
              messageId: mail.messageId ?? '',
              outboxId: (mail.headers.get('x-outbox-id') as string | undefined) ?? '',
            });
            if (sink.delayMs) setTimeout(() => callback(null), sink.delayMs);
            else callback(null);
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  // A client killed mid-session (the crash tests) resets its connection: that is the test, not a failure.
  server.on('error', (error: Error & { code?: string }) => {
    if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') sink.errors.push(error.message);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  sink.port = (server.server.address() as AddressInfo).port;
  sink.url = `smtp://127.0.0.1:${sink.port}`;
  return sink;
}
