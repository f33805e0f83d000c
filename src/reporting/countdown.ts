import { zonedDate } from '../common/time-zone';

function dayNumber(instant: Date): number {
  const d = zonedDate(instant);
  return Math.round(Date.UTC(d.year, d.month - 1, d.day) / 86_400_000);
}

export interface Countdown {
  overdue: boolean;
  days: number;
  text: string;
}

/**
 * Countdown to a deadline in Vietnamese, by calendar days in Asia/Ho_Chi_Minh: the last day on
 * time is the day before the deadline instant (20/5 00:00 → hết ngày 19/5).
 */
export function countdown(dueAt: Date, now: Date): Countdown {
  const lastDay = dayNumber(new Date(dueAt.getTime() - 1));
  const today = dayNumber(now);
  if (now >= dueAt) {
    const days = Math.max(1, today - lastDay);
    return { overdue: true, days, text: `quá hạn ${days} ngày` };
  }
  const days = lastDay - today;
  return { overdue: false, days, text: days === 0 ? 'hôm nay là ngày cuối' : `còn ${days} ngày` };
}
