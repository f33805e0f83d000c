import { addDays, zonedDate, zonedInstant } from '../common/time-zone';
import type { ReminderRule } from '../reporting/regime.types';
import type { CalendarEventKind } from './calendar-event.entity';

export interface PeriodTimes {
  opensAt: Date;
  dueAt: Date;
  consolidationDueAt: Date | null;
}

export interface PlannedEvent {
  event: CalendarEventKind;
  ruleCode: string;
  dueAt: Date;
  /** For reminders: who it goes to (agency, agency_and_head, coordinator). */
  audience?: ReminderRule['audience'];
}

const LAST_REMINDER_GRACE_MS = 24 * 3600 * 1000;

/** How long one-off kinds keep reminding after the deadline unless a rule says otherwise. */
export const ONE_OFF_REMINDER_DAYS = 30;

function at(day: { year: number; month: number; day: number }, time: string): Date {
  const [h, m] = time.split(':').map(Number);
  return zonedInstant(day, h, m);
}

/** Expands a rule into its occurrences: D+3 every 3 days gives D+3, D+6, D+9, … */
function occurrences(rule: ReminderRule, p: PeriodTimes): { code: string; dueAt: Date }[] {
  const anchor = rule.anchor === 'consolidation' ? p.consolidationDueAt : p.dueAt;
  if (!anchor) return [];
  const anchorDay = zonedDate(anchor);
  const one = (offset: number) => ({
    code: `${rule.anchor === 'consolidation' ? 'C' : 'D'}${offset < 0 ? '-' : '+'}${Math.abs(offset)}`,
    dueAt: at(addDays(anchorDay, offset), rule.time),
  });
  if (!rule.repeatEveryDays) return [one(rule.offsetDays)];
  const out: { code: string; dueAt: Date }[] = [];
  const limit = rule.untilDays !== undefined ? at(addDays(anchorDay, rule.untilDays), '23:59') : p.consolidationDueAt;
  if (!limit) return [one(rule.offsetDays)];
  for (let offset = rule.offsetDays; offset <= 3660; offset += rule.repeatEveryDays) {
    const o = one(offset);
    if (o.dueAt >= limit) break;
    out.push(o);
  }
  return out;
}

/**
 * Every timer a period has: it opens, reminders fall due, the deadline passes, consolidation
 * reminders fall due, the consolidation deadline passes. Reminders are kept only while they can
 * still matter: before the consolidation deadline (or, with no consolidation, within the rule's
 * window after the deadline).
 */
export function planEvents(p: PeriodTimes, rules: ReminderRule[]): PlannedEvent[] {
  const events: PlannedEvent[] = [
    { event: 'open', ruleCode: '', dueAt: p.opensAt },
    { event: 'deadline', ruleCode: '', dueAt: p.dueAt },
  ];
  if (p.consolidationDueAt) events.push({ event: 'consolidation_deadline', ruleCode: '', dueAt: p.consolidationDueAt });
  const seen = new Set<string>();
  for (const rule of rules) {
    for (const o of occurrences(rule, p)) {
      if (seen.has(o.code)) continue;
      if (p.consolidationDueAt && o.dueAt >= p.consolidationDueAt) continue;
      if (o.dueAt < p.opensAt) continue;
      seen.add(o.code);
      events.push({
        event: rule.anchor === 'consolidation' ? 'consolidation_reminder' : 'reminder',
        ruleCode: o.code,
        dueAt: o.dueAt,
        audience: rule.audience,
      });
    }
  }
  return events.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}

/**
 * A reminder that fires late is still worth sending only until the next reminder of the same
 * kind falls due, or the consolidation deadline passes; the last reminder of a one-off kind, one
 * day after it was due.
 */
export function supersededAt(events: PlannedEvent[], e: PlannedEvent, p: PeriodTimes): Date | null {
  if (e.event !== 'reminder' && e.event !== 'consolidation_reminder') return null;
  const next = events.filter((x) => x.event === e.event && x.dueAt > e.dueAt).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime())[0];
  const candidates = [next?.dueAt, p.consolidationDueAt ?? undefined].filter((d): d is Date => d instanceof Date);
  // The last reminder of a kind with no consolidation (one-off) stays relevant for one day.
  if (candidates.length === 0) return new Date(e.dueAt.getTime() + LAST_REMINDER_GRACE_MS);
  return new Date(Math.min(...candidates.map((d) => d.getTime())));
}

/** BullMQ job id: deterministic, no ':' (BullMQ reserves it). */
export function jobIdFor(periodId: string, event: CalendarEventKind, ruleCode: string): string {
  return `cal.${periodId}.${event}.${ruleCode || 'none'}`;
}
