import { FieldError } from '../common/errors';
import { formatIsoDate, formatViDate, parseIsoDate, zonedDate } from '../common/time-zone';
import { CalendarRuleError, KindSchedule, planPeriods, resolveRule } from './calendar';
import { DateRule, defaultReminderRules, KindFeed, OwedBy, ReminderRule, ReportForm, slotsPerYear } from './regime.types';

/** A report kind as it will be stored, checked before anything is written. */
export interface KindDraft extends KindSchedule {
  form: ReportForm;
  owedBy: OwedBy;
  agencyCodes: string[];
  reminderRules: ReminderRule[];
  /** The kind of another plan its final consolidated report feeds (a report chain); absent: none. */
  feeds?: KindFeed;
}

/**
 * The contract's default reminders for the frequency, without those anchored to a consolidation
 * deadline the kind does not have (they would have no day to fall on).
 */
export function defaultRulesFor(kind: Pick<KindDraft, 'frequency' | 'consolidationDueRule'>): ReminderRule[] {
  return defaultReminderRules(kind.frequency).filter((r) => r.anchor !== 'consolidation' || kind.consolidationDueRule !== null);
}

/** Every refusal of a report kind, each at the field the administrator sent. */
export function reportKindErrors(kind: KindDraft, startYear: number, endYear: number): FieldError[] {
  const shape = shapeErrors(kind, startYear, endYear);
  if (shape.length) return shape;
  const days = ruleDayErrors(kind, startYear, endYear);
  if (days.length) return days;
  return [...orderErrors(kind, startYear, endYear), ...reminderErrors(kind), ...owedByErrors(kind)];
}

/** Which fields a frequency uses: one-off kinds have fixed days, periodic kinds have rules. */
function shapeErrors(kind: KindDraft, startYear: number, endYear: number): FieldError[] {
  const errors: FieldError[] = [];
  if (kind.form === 'document' && kind.frequency !== 'one-off')
    errors.push({
      path: 'form',
      message: 'Hình thức "Văn bản" chỉ dùng cho báo cáo một lần; báo cáo định kỳ báo cáo theo từng nhiệm vụ.',
    });
  if (kind.frequency === 'one-off') {
    if (kind.years.length)
      errors.push({ path: 'years', message: 'Báo cáo một lần có hạn nộp cố định; "Các năm báo cáo" (years) phải để trống.' });
    if (!kind.fixedDueDate) errors.push({ path: 'fixedDueDate', message: 'Báo cáo một lần cần hạn nộp (fixedDueDate, dạng YYYY-MM-DD).' });
    for (const field of ['opensRule', 'dueRule', 'dataWindow', 'consolidationDueRule'] as const) {
      if (kind[field]) errors.push({ path: field, message: `Báo cáo một lần không dùng "${field}"; hãy bỏ trường này (gửi null).` });
    }
    if (kind.slots.length) errors.push({ path: 'slots', message: 'Báo cáo một lần không chia kỳ trong năm; "slots" phải để trống.' });
    return errors;
  }
  if (!kind.dueRule) errors.push({ path: 'dueRule', message: 'Báo cáo định kỳ cần quy tắc hạn nộp (dueRule).' });
  for (const field of ['fixedOpensDate', 'fixedDueDate'] as const) {
    if (kind[field]) errors.push({ path: field, message: `"${field}" chỉ dùng cho báo cáo một lần; hãy bỏ trường này (gửi null).` });
  }
  const perYear = slotsPerYear(kind.frequency);
  kind.slots.forEach((slot, i) => {
    if (slot > perYear)
      errors.push({ path: `slots.${i}`, message: `Tần suất "${kind.frequency}" chỉ có kỳ từ 1 đến ${perYear} trong năm.` });
  });
  kind.years.forEach((year, i) => {
    if (year < startYear || year > endYear)
      errors.push({
        path: `years.${i}`,
        message: `Năm ${year} nằm ngoài thời gian của kế hoạch (${startYear}–${endYear}).`,
      });
    else if (kind.years.indexOf(year) < i) errors.push({ path: `years.${i}`, message: `Năm ${year} bị lặp trong "Các năm báo cáo".` });
  });
  return errors;
}

/**
 * A rule must name a day every month it lands on has, in every year of the plan: day 30 with a
 * month offset landing on February is refused here rather than failing inside the calendar.
 */
function ruleDayErrors(kind: KindDraft, startYear: number, endYear: number): FieldError[] {
  if (kind.frequency === 'one-off') return [];
  const rules: [string, DateRule | null][] = [
    ['opensRule', kind.opensRule],
    ['dueRule', kind.dueRule],
    ['consolidationDueRule', kind.consolidationDueRule],
    ['dataWindow.start', kind.dataWindow?.start ?? null],
    ['dataWindow.end', kind.dataWindow?.end ?? null],
  ];
  const perYear = slotsPerYear(kind.frequency);
  const slots = kind.slots.length ? kind.slots : Array.from({ length: perYear }, (_, i) => i + 1);
  const errors: FieldError[] = [];
  for (const [path, rule] of rules) {
    const message =
      rule &&
      firstFailure(
        rule,
        kindYears(kind, startYear, endYear),
        slots.map((slot) => 1 + (slot - 1) * (12 / perYear)),
      );
    if (message) errors.push({ path: `${path}.day`, message: `${message} Hãy chọn ngày có trong mọi tháng mà quy tắc rơi vào.` });
  }
  return errors;
}

/** The years a kind yields periods in: those it lists, or every year of the plan. */
function kindYears(kind: KindDraft, startYear: number, endYear: number): number[] {
  if (kind.years.length) return kind.years;
  return Array.from({ length: endYear - startYear + 1 }, (_, i) => startYear + i);
}

function firstFailure(rule: DateRule, years: number[], firstMonths: number[]): string | null {
  for (const year of years) {
    for (const month of firstMonths) {
      try {
        resolveRule(rule, year, month);
      } catch (error) {
        if (error instanceof CalendarRuleError) return error.message;
        throw error;
      }
    }
  }
  return null;
}

/**
 * A period opens no later than its deadline, and is consolidated no earlier (ck_reporting_periods_order);
 * its deadline does not come before the last day of its data window (given or the frequency's default).
 */
function orderErrors(kind: KindDraft, startYear: number, endYear: number): FieldError[] {
  const errors = new Map<string, FieldError>();
  const once = (path: string, message: string) => errors.has(path) || errors.set(path, { path, message });
  const day = (d: Date) => formatViDate(zonedDate(d));
  // Blame the field the administrator set; without one, the deadline is what is too early.
  const opensPath =
    kind.frequency === 'one-off'
      ? kind.fixedOpensDate
        ? 'fixedOpensDate'
        : 'fixedDueDate'
      : kind.opensRule
        ? 'opensRule'
        : kind.dataWindow
          ? 'dataWindow.start'
          : 'dueRule';
  for (const p of planPeriods(kind, startYear, endYear)) {
    if (p.opensAt > p.dueAt) once(opensPath, `Kỳ "${p.label}" mở ngày ${day(p.opensAt)}, sau hạn nộp ${day(p.dueAt)}.`);
    if (p.consolidationDueAt && p.consolidationDueAt < p.dueAt) {
      once(
        'consolidationDueRule',
        `Hạn tổng hợp kỳ "${p.label}" (${day(p.consolidationDueAt)}) không được sớm hơn hạn nộp của các cơ quan (${day(p.dueAt)}).`,
      );
    }
    if (p.dataFrom && p.dataTo && p.dataFrom > p.dataTo)
      once('dataWindow.end', `Kỳ "${p.label}": ngày cuối của số liệu (${p.dataTo}) trước ngày đầu (${p.dataFrom}).`);
    // The agencies cannot report on days that have not ended: the last day on time may be the
    // window's last day (due "trước ngày 15" for data to the 14th), not earlier.
    const lastDayOnTime = zonedDate(new Date(p.dueAt.getTime() - 1));
    if (p.dataTo && formatIsoDate(lastDayOnTime) < p.dataTo) {
      const due = kind.namedDayCounts ? `hết ngày ${formatViDate(lastDayOnTime)}` : `trước ngày ${day(p.dueAt)}`;
      once(
        'dueRule',
        `Kỳ "${p.label}": hạn nộp ${due} nhưng số liệu tính đến hết ngày ${formatViDate(parseIsoDate(p.dataTo)!)}; ` +
          'hạn nộp phải sau ngày cuối của số liệu.',
      );
    }
  }
  return [...errors.values()];
}

function reminderErrors(kind: KindDraft): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  kind.reminderRules.forEach((r, i) => {
    if (seen.has(r.code)) errors.push({ path: `reminderRules.${i}.code`, message: `Mã quy tắc nhắc "${r.code}" bị trùng.` });
    seen.add(r.code);
    if (r.anchor === 'consolidation' && !kind.consolidationDueRule) {
      errors.push({
        path: `reminderRules.${i}.anchor`,
        message: 'Loại báo cáo này không có hạn tổng hợp, không thể nhắc theo hạn tổng hợp.',
      });
    }
  });
  return errors;
}

function owedByErrors(kind: KindDraft): FieldError[] {
  if (kind.owedBy === 'listed' && kind.agencyCodes.length === 0) {
    return [{ path: 'agencyCodes', message: 'Khi owedBy là "listed", cần liệt kê ít nhất một cơ quan phải báo cáo.' }];
  }
  if (kind.owedBy === 'task_agencies' && kind.agencyCodes.length > 0) {
    return [
      {
        path: 'agencyCodes',
        message:
          'Chỉ liệt kê cơ quan khi owedBy là "listed"; với "task_agencies", mọi cơ quan có nhiệm vụ trong kế hoạch đều phải báo cáo.',
      },
    ];
  }
  return [];
}
