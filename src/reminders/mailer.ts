import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { DevMailboxRepository, DevMailPage } from './dev-mailbox.repository';

export interface OutgoingMail {
  emailId: string;
  to: string[];
  cc: string[];
  subject: string;
  html: string;
  text: string;
  /** The plan's sender; the deployment's MAIL_FROM when absent (or for the address it does not give). */
  from?: { name: string; address: string | null } | null;
}

export interface MailAnswer {
  /** The SMTP server's final answer, e.g. "250 2.0.0 OK queued". */
  response: string;
  messageId: string;
  /** Addresses the server refused while accepting others. */
  rejected: string[];
}

/**
 * Sends through a pooled nodemailer SMTP transport to SMTP_URL; with no SMTP_URL (outside
 * production only, the configuration refuses it there) into the development mailbox, a table the
 * mailbox page shows: never a silent drop.
 */
@Injectable()
export class Mailer implements OnApplicationShutdown {
  private readonly logger = new Logger('Mailer');
  private readonly transport: Transporter | null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly devMailbox: DevMailboxRepository,
    private readonly clock: Clock,
  ) {
    this.transport = config.smtpUrl
      ? createTransport({
          url: config.smtpUrl,
          pool: true,
          maxConnections: 5,
          maxMessages: 1000,
          connectionTimeout: 15_000,
          greetingTimeout: 15_000,
          socketTimeout: 30_000,
        })
      : null;
    if (!this.transport) this.logger.log('No SMTP_URL: emails go to the development mailbox (/admin/mailbox)');
    // An idle pooled connection the server drops is reported here; each send reports its own failure.
    this.transport?.on('error', (error: Error) => this.logger.warn({ err: error.message }, 'SMTP connection error'));
  }

  get usesDevMailbox(): boolean {
    return this.transport === null;
  }

  /** A page of the development mailbox, newest first; empty when mail goes to SMTP. */
  async devMailboxPage(args: { limit: number; offset: number; planIds: string[] | null }): Promise<DevMailPage> {
    return this.usesDevMailbox ? this.devMailbox.page(args) : { total: 0, messages: [] };
  }

  /** A development mailbox message's HTML part; undefined when there is no such message (in scope). */
  async devMailboxHtml(id: string, planIds: string[] | null): Promise<string | null | undefined> {
    return this.usesDevMailbox ? this.devMailbox.htmlOf(id, planIds) : undefined;
  }

  async send(mail: OutgoingMail): Promise<MailAnswer> {
    // A stable Message-ID per outbox row: a message sent twice after a crash is recognisably the same.
    const messageId = `<${mail.emailId}@${this.messageIdDomain()}>`;
    if (!this.transport) {
      await this.devMailbox.store({
        emailId: mail.emailId,
        messageId,
        sender: this.fromHeader(mail.from),
        recipients: mail.to,
        cc: mail.cc,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        receivedAt: this.clock.now(),
      });
      return { response: '250 stored in the development mailbox', messageId, rejected: [] };
    }
    const info = (await this.transport.sendMail({
      from: this.fromHeader(mail.from),
      to: mail.to,
      cc: mail.cc.length ? mail.cc : undefined,
      subject: mail.subject,
      html: mail.html,
      text: mail.text,
      messageId,
      headers: { 'X-Outbox-Id': mail.emailId, 'Auto-Submitted': 'auto-generated' },
    })) as { response?: string; messageId?: string; rejected?: (string | { address: string })[] };
    return {
      response: info.response ?? '',
      messageId: info.messageId ?? messageId,
      rejected: (info.rejected ?? []).map((r) => (typeof r === 'string' ? r : r.address)),
    };
  }

  /** `"Sở Xây dựng tỉnh Cao Bằng" <no-reply@…>`: the plan's name, its address or the deployment's. */
  private fromHeader(from: OutgoingMail['from']): string {
    if (!from) return this.config.mailFrom;
    const address = from.address ?? /<([^>\s]+)>\s*$/.exec(this.config.mailFrom)?.[1] ?? this.config.mailFrom.trim();
    return `"${from.name.replace(/["\\\r\n]/g, '')}" <${address}>`;
  }

  private messageIdDomain(): string {
    const m = /@([^>\s]+)>?\s*$/.exec(this.config.mailFrom);
    return m ? m[1] : 'cb-reporting.local';
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}

/** Whether an SMTP error is final (5xx, a refused address): retrying cannot help. */
export function isPermanentMailError(error: unknown): boolean {
  const e = error as { responseCode?: number; code?: string };
  if (typeof e?.responseCode === 'number') return e.responseCode >= 500;
  return e?.code === 'EENVELOPE';
}

/** What to show of an SMTP error: the server's answer when there was one. */
export function mailErrorText(error: unknown): string {
  const e = error as { response?: string; message?: string; code?: string };
  return (e?.response ?? e?.message ?? String(error)).slice(0, 1000);
}

/** A failure after the message data went out (no reply to the final dot): it may have been delivered. */
export function mayHaveBeenDelivered(error: unknown): boolean {
  const e = error as { responseCode?: number; command?: string };
  return typeof e?.responseCode !== 'number' && (e?.command === 'DATA' || e?.command === 'DATA (end)' || e?.command === '.');
}
