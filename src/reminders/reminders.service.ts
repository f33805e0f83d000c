import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { toZonedIso } from '../common/time-zone';

export interface ReminderView {
  agencyCode: string;
  agencyName: string;
  rule: string;
  audience: string;
  dueAt: string;
  state: string;
  sentAt: string | null;
  recipients: string[];
  cc: string[];
  note: string | null;
}

@Injectable()
export class RemindersService {
  constructor(private readonly dataSource: DataSource) {}

  /** The reminder log of a period, in the order reminders fell due. */
  async forPeriod(periodId: string): Promise<ReminderView[]> {
    const rows = (await this.dataSource.query(
      `SELECT a.code, a.name, r.rule, r.audience, r.due_at, r.state, r.sent_at, r.recipients, r.cc, r.note
       FROM reminders r JOIN agencies a ON a.id = r.agency_id
       WHERE r.period_id = $1 ORDER BY r.due_at, a.kind <> 'department', a.code`,
      [periodId],
    )) as {
      code: string;
      name: string;
      rule: string;
      audience: string;
      due_at: Date;
      state: string;
      sent_at: Date | null;
      recipients: string[];
      cc: string[];
      note: string | null;
    }[];
    return rows.map((r) => ({
      agencyCode: r.code,
      agencyName: r.name,
      rule: r.rule,
      audience: r.audience,
      dueAt: toZonedIso(r.due_at),
      state: r.state,
      sentAt: r.sent_at ? toZonedIso(r.sent_at) : null,
      recipients: r.recipients,
      cc: r.cc,
      note: r.note,
    }));
  }
}
