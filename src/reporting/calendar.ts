import { addDays, addMonths, CalendarDate, daysInMonth, formatIsoDate, parseIsoDate, zonedInstant } from '../common/time-zone';
import { DataWindowRule, DateRule, defaultDataWindow, Frequency, slotsPerYear } from './regime.types';

/** What the calendar needs of a report kind; the entity satisfies it. */
export interface KindSchedule {
  code: string;
  frequency: Frequency;
  slots: number[];
  /** Years the kind runs in (a mid-term review in 2028 only); empty: every year of the plan. */
  years: number[];
  periodLabel: string;
  opensRule: DateRule | null;
  dueRule: DateRule | null;
  dataWindow: DataWindowRule | null;
  consolidationDueRule: DateRule | null;
  fixedOpensDate: string | null;
  fixedDueDate: string | null;
  namedDayCounts: boolean;
}

export interface PlannedPeriod {
  year: number;
  slot: number;
  label: string;
  dataFrom: string | null;
  dataTo: string | null;
  opensAt: Date;
  dueAt: Date;
  consolidationDueAt: Date | null;
}

export class CalendarRuleError extends Error {}

/** First month a sub-period covers: semiannual slot 2 starts in July, quarterly slot 3 in July. */
function firstMonth(frequency: Frequency, slot: number): number {
  const months = 12 / slotsPerYear(frequency);
  return 1 + (slot - 1) * months;
}

/** The calendar day a rule names for a period whose first month is (year, month). */
export function resolveRule(rule: DateRule, year: number, month: number): CalendarDate {
  const target = addMonths(year, month, rule.monthOffset);
  if (rule.day < 1 || rule.day > daysInMonth(target.year, target.month)) {
    throw new CalendarRuleError(`Ngày ${rule.day} không có trong tháng ${target.month}/${target.year}.`);
  }
  return { year: target.year, month: target.month, day: rule.day };
}

export interface CalendarOptions {
  /** Move a deadline whose last day on time is a weekend or day off to the next working day. */
  rollForward?: boolean;
  /** Public holidays (days off), as YYYY-MM-DD. */
  daysOff?: ReadonlySet<string>;
}

function isWorkingDay(day: CalendarDate, daysOff: ReadonlySet<string>): boolean {
  const weekday = new Date(Date.UTC(day.year, day.month - 1, day.day)).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !daysOff.has(formatIsoDate(day));
}

/**
 * "Trước ngày D" read literally is the instant D 00:00 local, so the last day on time is D-1;
 * when the named day counts, the last day on time is D itself. With roll-forward, a last day on
 * time that is not a working day moves to the next working day.
 */
export function deadlineInstant(day: CalendarDate, namedDayCounts: boolean, options: CalendarOptions = {}): Date {
  let lastDay = namedDayCounts ? day : addDays(day, -1);
  if (options.rollForward) {
    const daysOff = options.daysOff ?? new Set<string>();
    for (let i = 0; i < 31 && !isWorkingDay(lastDay, daysOff); i += 1) lastDay = addDays(lastDay, 1);
  }
  return zonedInstant(addDays(lastDay, 1));
}

function label(template: string, year: number, slot: number): string {
  return template.replace(/\{year\}/g, String(year)).replace(/\{slot\}/g, String(slot));
}

/** Every period a report kind yields over the plan's years, computed in Asia/Ho_Chi_Minh. */
export function planPeriods(kind: KindSchedule, startYear: number, endYear: number, options: CalendarOptions = {}): PlannedPeriod[] {
  if (kind.frequency === 'one-off') {
    const due = kind.fixedDueDate ? parseIsoDate(kind.fixedDueDate) : null;
    if (!due) throw new CalendarRuleError('Báo cáo một lần phải có hạn nộp (fixedDueDate).');
    const opens = kind.fixedOpensDate ? parseIsoDate(kind.fixedOpensDate) : { year: startYear, month: 1, day: 1 };
    if (!opens) throw new CalendarRuleError('Ngày mở báo cáo không hợp lệ.');
    return [
      {
        year: due.year,
        slot: 0,
        label: label(kind.periodLabel, due.year, 0),
        dataFrom: null,
        dataTo: null,
        opensAt: zonedInstant(opens),
        dueAt: deadlineInstant(due, kind.namedDayCounts, options),
        consolidationDueAt: null,
      },
    ];
  }
  if (!kind.dueRule) throw new CalendarRuleError('Báo cáo định kỳ phải có quy tắc hạn nộp (dueRule).');
  const slots = kind.slots.length ? kind.slots : Array.from({ length: slotsPerYear(kind.frequency) }, (_, i) => i + 1);
  const window = kind.dataWindow ?? defaultDataWindow(kind.frequency);
  const periods: PlannedPeriod[] = [];
  for (let year = startYear; year <= endYear; year += 1) {
    if (kind.years.length && !kind.years.includes(year)) continue;
    for (const slot of slots) {
      const month = firstMonth(kind.frequency, slot);
      const dueDay = resolveRule(kind.dueRule, year, month);
      const dataFrom = window ? resolveRule(window.start, year, month) : null;
      const dataTo = window ? resolveRule(window.end, year, month) : null;
      const opensDay = kind.opensRule ? resolveRule(kind.opensRule, year, month) : (dataFrom ?? { year, month, day: 1 });
      const consolidationDay = kind.consolidationDueRule ? resolveRule(kind.consolidationDueRule, year, month) : null;
      periods.push({
        year,
        slot,
        label: label(kind.periodLabel, year, slot),
        dataFrom: dataFrom ? formatIsoDate(dataFrom) : null,
        dataTo: dataTo ? formatIsoDate(dataTo) : null,
        opensAt: zonedInstant(opensDay),
        dueAt: deadlineInstant(dueDay, kind.namedDayCounts, options),
        consolidationDueAt: consolidationDay ? deadlineInstant(consolidationDay, kind.namedDayCounts, options) : null,
      });
    }
  }
  return periods;
}

export type DerivedPeriodState = 'upcoming' | 'open' | 'due' | 'closed';

/**
 * State as the clock sees it: upcoming before it opens, open until the agencies' deadline, due
 * until the consolidation deadline, closed after. A kind with no consolidation (one-off) stays
 * due: late reports are still accepted and reminded until someone closes the period. A period
 * recorded as closed (a document kind once every owing agency has sent its letter) stays closed.
 */
export function derivePeriodState(
  p: { opensAt: Date; dueAt: Date; consolidationDueAt: Date | null; stored?: DerivedPeriodState },
  now: Date,
): DerivedPeriodState {
  if (p.stored === 'closed') return 'closed';
  if (now < p.opensAt) return 'upcoming';
  if (now < p.dueAt) return 'open';
  if (!p.consolidationDueAt || now < p.consolidationDueAt) return 'due';
  return 'closed';
}

/** On time means received before the deadline instant: 19/5 23:59:59 ICT is on time for 20/5 00:00, 20/5 00:00:00 is late. */
export function isOnTime(receivedAt: Date, dueAt: Date): boolean {
  return receivedAt.getTime() < dueAt.getTime();
}
