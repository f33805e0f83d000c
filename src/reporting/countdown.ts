import { addDays, CalendarDate, zonedDate } from '../common/time-zone';

/** Whole calendar days from `from` to `to`; negative when `to` is earlier. */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return Math.round((Date.UTC(to.year, to.month - 1, to.day) - Date.UTC(from.year, from.month - 1, from.day)) / 86_400_000);
}

export interface Countdown {
  overdue: boolean;
  /** Days left, or days overdue. */
  days: number;
  /** `at` falls on the last day to submit. */
  lastDay: boolean;
  /** "còn 7 ngày", "đã quá hạn 3 ngày", "đã quá hạn". */
  text: string;
}

/**
 * The one countdown of the product (pages and emails), by calendar days in Asia/Ho_Chi_Minh, so
 * that the D-7 reminder and the page read the same day both say "còn 7 ngày". Before the
 * deadline: the days from `at`'s day to the day after the last day to submit (a due instant of
 * 20/5 00:00 leaves 19/5 as the last day): 7 on 13/5, 1 on 19/5 (the last day). After it: the
 * days from the due instant's day: "đã quá hạn" on 20/5, 1 day on 21/5, 3 on 23/5.
 */
export function countdown(dueAt: Date, at: Date): Countdown {
  const today = zonedDate(at);
  if (at.getTime() >= dueAt.getTime()) {
    const days = Math.max(0, daysBetween(zonedDate(dueAt), today));
    return { overdue: true, days, lastDay: false, text: days > 0 ? `đã quá hạn ${days} ngày` : 'đã quá hạn' };
  }
  const endDay = addDays(zonedDate(new Date(dueAt.getTime() - 1)), 1);
  const days = daysBetween(today, endDay);
  return { overdue: false, days, lastDay: days === 1, text: `còn ${days} ngày` };
}
