import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SqlRepository } from '../database/sql-repository';

export interface DevMailToStore {
  emailId: string;
  messageId: string;
  sender: string;
  recipients: string[];
  cc: string[];
  subject: string;
  text: string;
  html: string;
  receivedAt: Date;
}

export interface DevMailRow {
  id: string;
  sender: string;
  recipients: string[];
  cc: string[];
  subject: string;
  text: string;
  has_html: boolean;
  received_at: Date;
}

/** A page of the development mailbox, and how many messages it holds in all. */
export interface DevMailPage {
  total: number;
  messages: DevMailRow[];
}

/** The development mailbox (table `dev_mailbox`): where mail goes when there is no SMTP_URL, outside production. */
@Injectable()
export class DevMailboxRepository extends SqlRepository {
  constructor(dataSource: DataSource) {
    super(dataSource);
  }

  async store(mail: DevMailToStore, em?: EntityManager): Promise<void> {
    await this.rows(
      `INSERT INTO dev_mailbox (email_id, message_id, sender, recipients, cc, subject, text, html, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [mail.emailId, mail.messageId, mail.sender, mail.recipients, mail.cc, mail.subject, mail.text, mail.html, mail.receivedAt],
      em,
    );
  }

  /**
   * A page of messages, newest first (the mailbox page); `planIds`: only the mail about those
   * plans' periods (a coordinator's plans), null for every message.
   */
  async page(args: { limit: number; offset: number; planIds: string[] | null }, em?: EntityManager): Promise<DevMailPage> {
    const scope = `FROM dev_mailbox m LEFT JOIN emails e ON e.id = m.email_id LEFT JOIN reporting_periods p ON p.id = e.period_id
       WHERE ($1::uuid[] IS NULL OR p.plan_id = ANY($1::uuid[]))`;
    const [count] = await this.rows<{ n: number }>(`SELECT count(*)::int AS n ${scope}`, [args.planIds], em);
    const messages = await this.rows<DevMailRow>(
      `SELECT m.id, m.sender, m.recipients, m.cc, m.subject, m.text, m.html IS NOT NULL AS has_html, m.received_at ${scope}
       ORDER BY m.received_at DESC, m.id LIMIT $2 OFFSET $3`,
      [args.planIds, args.limit, args.offset],
      em,
    );
    return { total: count.n, messages };
  }

  /** One message's HTML part, if the message is in scope (`planIds` as for `page`). */
  async htmlOf(id: string, planIds: string[] | null, em?: EntityManager): Promise<string | null | undefined> {
    const row = await this.first<{ html: string | null }>(
      `SELECT m.html FROM dev_mailbox m LEFT JOIN emails e ON e.id = m.email_id LEFT JOIN reporting_periods p ON p.id = e.period_id
       WHERE m.id = $2 AND ($1::uuid[] IS NULL OR p.plan_id = ANY($1::uuid[]))`,
      [planIds, id],
      em,
    );
    return row?.html;
  }
}
