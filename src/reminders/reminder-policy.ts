import type { EmailKind } from './email-templates';

/**
 * Who gets what when a reminder falls due. Every agency reminder goes to the agency's contact
 * addresses and its reporters; these decide the rest. The outbox applies them set-based, in the
 * statements of `RemindersRepository` and `OutboxRepository`.
 */

/** Beyond the agency's contact addresses and its reporters: its heads too, and the coordinators in CC? */
export interface ReminderRecipients {
  heads: boolean;
  ccCoordinators: boolean;
}

/** Escalation (audience agency_and_head) goes to the heads too, the coordinators in CC; a plain reminder to neither. */
export function agencyReminderRecipients(audience: string): ReminderRecipients {
  return audience === 'agency_and_head' ? { heads: true, ccCoordinators: true } : { heads: false, ccCoordinators: false };
}

/** An agency whose report stands in one of these states (waiting for review, or accepted) is not reminded; a returned one is. */
export const REPORTED_STATES: readonly string[] = ['submitted', 'accepted'];

/** The email a reminder becomes: by its audience, and for a plain agency reminder whether it fell due before the deadline. */
export function reminderEmailKind(audience: string, beforeDeadline: boolean): EmailKind {
  if (audience === 'coordinator') return 'consolidation';
  if (audience === 'agency_and_head') return 'escalation';
  return beforeDeadline ? 'before_deadline' : 'overdue';
}

/** `reminderEmailKind` as the set-based insert looks it up: audience → kind before and after the deadline ("agency" for any other audience). */
export type ReminderKindTable = Record<string, { before: EmailKind; after: EmailKind }>;

export function reminderKindTable(): ReminderKindTable {
  const table: ReminderKindTable = {};
  for (const audience of ['agency', 'agency_and_head', 'coordinator']) {
    table[audience] = { before: reminderEmailKind(audience, true), after: reminderEmailKind(audience, false) };
  }
  return table;
}

/** The note on a reminder that has nobody to send to (the coordinator sees it in the reminder log). */
export const NO_ADDRESS_NOTE = 'Không có địa chỉ email nhận nhắc nhở: đề nghị cập nhật email của đơn vị.';

/** The note on an agency's pending reminders once it has sent its report. */
export const REPORT_SENT_NOTE = 'Đơn vị đã gửi báo cáo.';
/** An automatic reminder not sent: the agency was reminded by hand that day (at most one a day, whatever its source). */
export const ALREADY_REMINDED_NOTE = 'Đã nhắc thủ công trong ngày: không gửi thêm.';
