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
  received_at: Date;
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

  /** The latest messages, newest first (the mailbox page). */
  latest(limit = 200, em?: EntityManager): Promise<DevMailRow[]> {
    return this.rows<DevMailRow>(
      `SELECT id, sender, recipients, cc, subject, text, received_at FROM dev_mailbox ORDER BY received_at DESC, id LIMIT $1`,
      [limit],
      em,
    );
  }
}
