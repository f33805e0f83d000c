import { Injectable } from '@nestjs/common';
import { toZonedIso } from '../common/time-zone';
import { RemindersRepository } from './reminders.repository';

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
  constructor(private readonly reminders: RemindersRepository) {}

  /** The reminder log of a period, in the order reminders fell due. */
  async forPeriod(periodId: string): Promise<ReminderView[]> {
    const rows = await this.reminders.forPeriod(periodId);
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
