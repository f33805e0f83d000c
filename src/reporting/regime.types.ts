export const FREQUENCIES = ['quarterly', 'semiannual', 'annual', 'one-off'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

/**
 * What an agency's report of a kind is: the per-task progress form ('tasks'), or, for one-off
 * kinds, a document ('document': the signed letter attached, its number and a summary), received
 * rather than consolidated.
 */
export const REPORT_FORMS = ['tasks', 'document'] as const;
export type ReportForm = (typeof REPORT_FORMS)[number];

/**
 * A report chain: the kind of another plan ("BXD-2026-2030 / semiannual") a kind's final
 * consolidated report feeds, as an input of the plan's recipient agency's report there.
 */
export interface KindFeed {
  planCode: string;
  kindCode: string;
}

export const OWED_BY = ['listed', 'task_agencies'] as const;
export type OwedBy = (typeof OWED_BY)[number];

/**
 * A day relative to the first month a period covers: for the report of the first half of 2026
 * (first month January 2026), { monthOffset: 4, day: 20 } is 20/5/2026 and
 * { monthOffset: -1, day: 15 } is 15/12/2025.
 */
export interface DateRule {
  monthOffset: number;
  day: number;
}

export interface DataWindowRule {
  start: DateRule;
  end: DateRule;
}

export type ReminderAnchor = 'due' | 'consolidation';
export type ReminderAudience = 'agency' | 'agency_and_head' | 'coordinator';

/**
 * A reminder falls due at `time` local on anchor + offsetDays; with `repeatEveryDays` it repeats
 * until the consolidation deadline or `untilDays` after the anchor.
 */
export interface ReminderRule {
  code: string;
  anchor: ReminderAnchor;
  offsetDays: number;
  time: string;
  audience: ReminderAudience;
  repeatEveryDays?: number;
  untilDays?: number;
}

/** Decree 09/2019/NĐ-CP, Article 12: the data window a regime gets unless it sets its own. */
/**
 * Whether a kind sets its own data window, not Decree 09/2019's default for its frequency (Cao
 * Bằng's half-year data end on 14/5, as its reports are due on 20/5, where the decree says 14/6).
 */
export function ownDataWindow(frequency: string, window: DataWindowRule | null): boolean {
  if (!window) return false;
  const fallback = defaultDataWindow(frequency as Frequency);
  return !fallback || JSON.stringify([window.start, window.end]) !== JSON.stringify([fallback.start, fallback.end]);
}

export function defaultDataWindow(frequency: Frequency): DataWindowRule | null {
  switch (frequency) {
    case 'quarterly':
      return { start: { monthOffset: -1, day: 15 }, end: { monthOffset: 2, day: 14 } };
    case 'semiannual':
      return { start: { monthOffset: -1, day: 15 }, end: { monthOffset: 5, day: 14 } };
    case 'annual':
      return { start: { monthOffset: -1, day: 15 }, end: { monthOffset: 11, day: 14 } };
    default:
      return null;
  }
}

/** Sub-periods of a year a frequency has (semiannual: 1 = first half, 2 = second half). */
export function slotsPerYear(frequency: Frequency): number {
  switch (frequency) {
    case 'quarterly':
      return 4;
    case 'semiannual':
      return 2;
    case 'annual':
      return 1;
    default:
      return 0;
  }
}

/** The contract's default reminder rules for periodic and one-off kinds. */
export function defaultReminderRules(frequency: Frequency): ReminderRule[] {
  const before: ReminderRule[] = [7, 3, 1].map((d) => ({
    code: `D-${d}`,
    anchor: 'due',
    offsetDays: -d,
    time: '08:00',
    audience: 'agency',
  }));
  if (frequency === 'one-off') {
    return [
      ...before,
      { code: 'D+1', anchor: 'due', offsetDays: 1, time: '08:00', audience: 'agency' },
      { code: 'D+3', anchor: 'due', offsetDays: 3, time: '08:00', audience: 'agency_and_head', repeatEveryDays: 3, untilDays: 30 },
    ];
  }
  return [
    ...before,
    { code: 'D+1', anchor: 'due', offsetDays: 1, time: '08:00', audience: 'agency' },
    { code: 'D+3', anchor: 'due', offsetDays: 3, time: '08:00', audience: 'agency_and_head', repeatEveryDays: 3 },
    { code: 'C-3', anchor: 'consolidation', offsetDays: -3, time: '08:00', audience: 'coordinator' },
    { code: 'C-1', anchor: 'consolidation', offsetDays: -1, time: '08:00', audience: 'coordinator' },
  ];
}
