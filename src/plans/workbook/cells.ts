import type ExcelJS from 'exceljs';
import { DECIMAL_PATTERN, formatViDecimal, fromMilli, normalizeDecimal, parseViDecimal } from '../../common/decimal';
import { isValidCalendarDate } from '../../common/time-zone';
import { foldVietnamese, nfc } from '../../common/vietnamese';
import { DateRule, Frequency, slotsPerYear } from '../../reporting/regime.types';
import { describeTimeline, Timeline } from '../timeline';

/** The text of a cell whatever Excel stored (rich text, formula result, hyperlink, date), NFC and trimmed. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return nfc(value).trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) {
    return `${value.getUTCDate()}/${value.getUTCMonth() + 1}/${value.getUTCFullYear()}`;
  }
  if (typeof value === 'object') {
    if ('richText' in value) return nfc(value.richText.map((r) => r.text).join('')).trim();
    if ('result' in value) return cellText(value.result);
    if ('text' in value) return cellText((value as { text: ExcelJS.CellValue }).text);
    if ('error' in value) return '';
  }
  return '';
}

/** Why a cell is not a decimal: unreadable, "1,500" (1,5 or 1.500?), English "1,500,000", or more than three decimals. */
export type DecimalProblem =
  | { problem: 'invalid' }
  | { problem: 'ambiguous'; asDecimal: string; asThousands: string }
  | { problem: 'english'; value: string }
  | { problem: 'precision'; value: string; rounded: string };

/** A value that does not fit three decimals (after removing a double's own rounding noise), in full. */
function fullDigits(value: number): string {
  return normalizeDecimal(/e/i.test(String(value)) ? value.toFixed(20) : String(value));
}

/** A decimal string with more than three decimals rounded half up to three. */
function roundToMilli(canonical: string): string {
  const [int, frac = ''] = canonical.split('.');
  const milli = BigInt(int) * 1000n + BigInt(frac.slice(0, 3).padEnd(3, '0'));
  return fromMilli(frac[3] >= '5' ? milli + 1n : milli);
}

/**
 * A decimal string from a number cell or Vietnamese-typed text ("1.250,5", "0,5", "800"), null for
 * an empty cell, or what is wrong with it. "1,500" is refused: in Vietnamese it is 1,5, in English
 * 1500, and a wrong guess is a thousandfold error. A number with more than three decimals is
 * refused rather than rounded silently (a double's own noise, 0.1 + 0.2, is not extra precision).
 */
export function readDecimalCell(value: ExcelJS.CellValue): { value: string | null } | DecimalProblem {
  if (typeof value === 'object' && value !== null && 'result' in value) return readDecimalCell(value.result);
  if (value === null || value === undefined || value === '') return { value: null };
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return { problem: 'invalid' };
    const s = normalizeDecimal(value.toFixed(3));
    if (!DECIMAL_PATTERN.test(s)) return { problem: 'invalid' };
    if (Math.abs(value - Number(s)) > Math.max(1, value) * 1e-14) return { problem: 'precision', value: fullDigits(value), rounded: s };
    return { value: s };
  }
  const text = cellText(value);
  if (text === '' || text === '-') return { value: null };
  const compact = text.replace(/\s/g, '');
  if (/^[1-9]\d{0,2},\d{3}$/.test(compact)) {
    const [int, frac] = compact.split(',');
    return { problem: 'ambiguous', asDecimal: normalizeDecimal(`${int}.${frac}`), asThousands: `${int}${frac}` };
  }
  if (/^[1-9]\d{0,2}(,\d{3})+(\.\d+)?$/.test(compact)) return { problem: 'english', value: normalizeDecimal(compact.replace(/,/g, '')) };
  const parsed = parseViDecimal(text);
  if (parsed !== null) return { value: parsed };
  // The same reading as parseViDecimal, with any number of decimals, to tell "too precise" from "not a number".
  const canonical = compact.includes(',')
    ? compact.replace(/\./g, '').replace(',', '.')
    : /^\d{1,3}(\.\d{3})+$/.test(compact)
      ? compact.replace(/\./g, '')
      : compact;
  if (/^\d{1,15}\.\d{4,}$/.test(canonical)) {
    const full = normalizeDecimal(canonical);
    if ((full.split('.')[1] ?? '').length > 3) return { problem: 'precision', value: full, rounded: roundToMilli(full) };
    if (DECIMAL_PATTERN.test(full)) return { value: full }; // "1,5000": trailing zeros only
  }
  return { problem: 'invalid' };
}

/** A decimal string from a number cell or Vietnamese-typed text; undefined when it is not one (see readDecimalCell). */
export function cellDecimal(value: ExcelJS.CellValue): string | null | undefined {
  const read = readDecimalCell(value);
  return 'problem' in read ? undefined : read.value;
}

/** The refusal of a money cell (tỷ đồng), naming the cell ("F8") and what is wrong with the amount typed. */
export function moneyProblemMessage(ref: string, text: string, p: DecimalProblem): string {
  switch (p.problem) {
    case 'ambiguous': {
      const [dec, thousands] = [formatViDecimal(p.asDecimal), formatViDecimal(p.asThousands)];
      const decimalWay = dec === text ? 'nhập ô dạng số' : `ghi "${dec}" hoặc nhập ô dạng số`;
      return (
        `Ô ${ref}: số tiền "${text}" không rõ nghĩa: dấu phẩy là dấu thập phân (${dec} tỷ đồng) hay dấu phân cách hàng nghìn ` +
        `(${thousands} tỷ đồng)? Hãy ghi "${p.asThousands}" nếu là ${thousands} tỷ đồng; nếu là ${dec} tỷ đồng, ${decimalWay}.`
      );
    }
    case 'english':
      return (
        `Ô ${ref}: số tiền "${text}" ghi theo kiểu tiếng Anh (dấu phẩy phân cách hàng nghìn); ` +
        `hãy ghi kiểu Việt Nam "${formatViDecimal(p.value)}" hoặc không có dấu phân cách "${p.value}".`
      );
    case 'precision':
      return (
        `Ô ${ref}: số tiền ${formatViDecimal(p.value)} có quá 3 chữ số thập phân (tỷ đồng, tính đến triệu đồng); ` +
        `hãy làm tròn, ví dụ ${formatViDecimal(p.rounded)}.`
      );
    default:
      return `"${text}" không phải số tiền hợp lệ (tỷ đồng, không âm, tối đa 3 chữ số thập phân).`;
  }
}

/** A money or target value for a cell: a number when a double holds it exactly, else the text. */
export function decimalCell(value: string | null): number | string | null {
  if (value === null) return null;
  const n = Number(value);
  return normalizeDecimal(n.toFixed(3)) === value && value.replace(/\D/g, '').length <= 15 ? n : value;
}

export function cellInteger(value: ExcelJS.CellValue): number | null | undefined {
  const text = cellText(value);
  if (text === '') return null;
  return /^-?\d{1,6}$/.test(text) ? Number(text) : undefined;
}

const YES = new Set(['co', 'x', 'true', 'yes', '1', 'dung']);
const NO = new Set(['khong', 'false', 'no', '0', 'sai', '']);
export function cellBoolean(value: ExcelJS.CellValue): boolean | undefined {
  const folded = foldVietnamese(cellText(value));
  if (YES.has(folded)) return true;
  if (NO.has(folded)) return false;
  return undefined;
}

/** "19/5/2026", "2026-05-19" or an Excel date into YYYY-MM-DD; undefined when it is not a day. */
export function cellIsoDate(value: ExcelJS.CellValue): string | null | undefined {
  const text = cellText(value);
  if (text === '') return null;
  let m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  let [y, mo, d] = m ? [Number(m[3]), Number(m[2]), Number(m[1])] : [0, 0, 0];
  if (!m) {
    m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (!m) return undefined;
    [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  }
  if (!isValidCalendarDate(y, mo, d)) return undefined;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function viDate(iso: string | null): string {
  if (!iso) return '';
  const [y, m, d] = iso.split('-').map(Number);
  return `${d}/${m}/${y}`;
}

/** Names in a cell: one per line or separated by ";". */
export function splitList(text: string): string[] {
  return text
    .split(/[;\n]+/)
    .map((s) => s.trim().replace(/^[-+•]\s*/, ''))
    .filter(Boolean);
}

/**
 * The timeline a text names: a day (19/5/2026), a span of years (2026–2030), early/mid/end of a
 * year, a year, or "thường xuyên"; null when it names none of them.
 */
export function parseTimelineKey(text: string): Omit<Timeline, 'text'> | null {
  const folded = foldVietnamese(text);
  const date = /(\d{1,2})\/(\d{1,2})\/(\d{4})/.exec(folded);
  if (date) {
    const [d, m, y] = [Number(date[1]), Number(date[2]), Number(date[3])];
    if (isValidCalendarDate(y, m, d)) {
      return { kind: 'date', year: null, endYear: null, date: `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` };
    }
  }
  const span = /(20\d{2})\s*(?:-|–|—|den|toi)\s*(20\d{2})/.exec(folded);
  if (span && Number(span[2]) >= Number(span[1])) return { kind: 'period', year: Number(span[1]), endYear: Number(span[2]), date: null };
  const part = /(dau|giua|cuoi) nam (20\d{2})/.exec(folded);
  if (part) {
    const kind = part[1] === 'dau' ? 'early_year' : part[1] === 'giua' ? 'mid_year' : 'end_year';
    return { kind, year: Number(part[2]), endYear: null, date: null };
  }
  const years = [...folded.matchAll(/\b(20\d{2})\b/g)].map((x) => Number(x[1]));
  if (years.length) return { kind: 'year', year: Math.max(...years), endYear: null, date: null };
  if (/thuong xuyen|hang nam|lien tuc/.test(folded)) return { kind: 'ongoing', year: null, endYear: null, date: null };
  return null;
}

/**
 * A timeline from the "Thời gian" cell and, when the wording is free text, the "Mốc thời gian"
 * cell that says which year or day it means. Text that only repeats the kind's own wording is
 * not kept.
 */
export function readTimeline(text: string, key: string): Timeline | null | undefined {
  if (!text && !key) return null;
  const parsed = parseTimelineKey(key || text) ?? (key ? undefined : { kind: 'ongoing' as const, year: null, endYear: null, date: null });
  if (parsed === undefined) return undefined;
  const wording = text || null;
  const own = describeTimeline({ ...parsed, text: null });
  return { ...parsed, text: wording && wording !== own ? wording : null };
}

/** The cells for a timeline: its wording, and the key only when the wording is free text. */
export function timelineCells(t: Timeline | null): [string, string] {
  if (!t) return ['', ''];
  const own = describeTimeline({ ...t, text: null });
  if (!t.text || t.text === own) return [own, ''];
  const reread = parseTimelineKey(t.text);
  const same = reread && reread.kind === t.kind && reread.year === t.year && reread.endYear === t.endYear && reread.date === t.date;
  return [t.text, same ? '' : own];
}

/**
 * Where a kind's rules count from, when one calendar day can be named: the first month of its
 * only sub-period (annual, or a single slot), and its only year when it runs in one year only.
 */
export interface RuleAnchor {
  firstMonth: number | null;
  year: number | null;
}

/** A kind's anchor: the first month of its only sub-period (annual, or one slot), its only year. */
export function kindRuleAnchor(frequency: Frequency, slots: number[], years: number[]): RuleAnchor {
  const perYear = slotsPerYear(frequency);
  const only = perYear === 1 ? 1 : slots.length === 1 ? slots[0] : null;
  const firstMonth = only !== null && perYear > 0 && only >= 1 && only <= perYear ? 1 + (only - 1) * (12 / perYear) : null;
  return { firstMonth, year: years.length === 1 ? years[0] : null };
}

/**
 * "ngày 20 tháng thứ 5": the 5th month of the period, the first being 1 (0 is the month before).
 * A day years away from the period (a mid-term review's data from 15/12/2025 for 2028) is written
 * as a calendar day: "ngày 15/12/2025" for a kind of one year, "ngày 15/12, 3 năm trước" for one
 * whose periods all start in the same month; otherwise "tháng thứ -24".
 */
export function formatDateRule(rule: DateRule | null, anchor: RuleAnchor | null = null): string {
  if (!rule) return '';
  const plain = `ngày ${rule.day} tháng thứ ${rule.monthOffset + 1}`;
  if (rule.monthOffset >= -1 && rule.monthOffset <= 23) return plain;
  if (!anchor?.firstMonth) return plain;
  const months = anchor.firstMonth - 1 + rule.monthOffset;
  const yearsAway = Math.floor(months / 12);
  const month = months - yearsAway * 12 + 1;
  if (anchor.year !== null) return `ngày ${rule.day}/${month}/${anchor.year + yearsAway}`;
  const when =
    yearsAway === 0
      ? ' cùng năm'
      : Math.abs(yearsAway) === 1
        ? yearsAway < 0
          ? ' năm trước'
          : ' năm sau'
        : `, ${Math.abs(yearsAway)} năm ${yearsAway < 0 ? 'trước' : 'sau'}`;
  return `ngày ${rule.day}/${month}${when}`;
}

const ABSOLUTE_DAY = /^ngay\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$/;
const CALENDAR_DAY = /^ngay\s*(\d{1,2})\s*(?:[/.-]|thang)\s*(\d{1,2})\s*,?\s*(?:(cung nam|nam nay)|(?:(\d{1,2})\s*)?nam\s*(truoc|sau))$/;

/**
 * Reads a rule: "ngày 20 tháng thứ 5"; with an anchor, also a calendar day "ngày 15/12 năm
 * trước", "ngày 15/12, 3 năm trước", "ngày 15/1 năm sau", "ngày 20/6 cùng năm", and, for a kind of
 * one year, "ngày 15/12/2025". Answers null for an empty cell, undefined when unreadable, a message when misused.
 */
export function readDateRule(text: string, anchor: RuleAnchor): DateRule | null | undefined | { error: string } {
  if (!text) return null;
  const folded = foldVietnamese(text);
  const dayIn = (day: number, month: number): string | null =>
    month < 1 || month > 12 ? `Tháng ${month} không có.` : day < 1 || day > 31 ? `Ngày ${day} không có.` : null;
  const calendar = (day: number, month: number, yearsAway: number): DateRule | { error: string } => {
    if (!anchor.firstMonth)
      return {
        error:
          `Chỉ ghi ngày theo lịch ("${text}") khi mọi kỳ của loại báo cáo bắt đầu cùng một tháng (hằng năm, hoặc một kỳ trong năm); ` +
          'hãy ghi dạng "ngày 20 tháng thứ 5".',
      };
    const wrong = dayIn(day, month);
    if (wrong) return { error: wrong };
    return { day, monthOffset: yearsAway * 12 + month - anchor.firstMonth };
  };
  const absolute = ABSOLUTE_DAY.exec(folded);
  if (absolute) {
    if (anchor.year === null)
      return {
        error: `Ngày cụ thể "${text}" chỉ dùng cho loại báo cáo có đúng một năm báo cáo; hãy ghi dạng "ngày 15/12 năm trước" hoặc "ngày 20 tháng thứ 5".`,
      };
    return calendar(Number(absolute[1]), Number(absolute[2]), Number(absolute[3]) - anchor.year);
  }
  const relative = CALENDAR_DAY.exec(folded);
  if (relative) {
    const count = relative[3] ? 0 : Number(relative[4] ?? 1) * (relative[5] === 'truoc' ? -1 : 1);
    return calendar(Number(relative[1]), Number(relative[2]), count);
  }
  return parseDateRule(text);
}

export function parseDateRule(text: string): DateRule | null | undefined {
  if (!text) return null;
  const m = /ngay\s*(\d{1,2})\D*?thang\s*(?:thu\s*)?(-?\d{1,3})/.exec(foldVietnamese(text));
  if (!m) return undefined;
  const day = Number(m[1]);
  if (day < 1 || day > 31) return undefined;
  return { day, monthOffset: Number(m[2]) - 1 };
}

/** Column letter of a 1-based column number. */
export function columnLetter(n: number): string {
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
