import type ExcelJS from 'exceljs';
import { DECIMAL_PATTERN, normalizeDecimal, parseViDecimal } from '../../common/decimal';
import { isValidCalendarDate } from '../../common/time-zone';
import { foldVietnamese, nfc } from '../../common/vietnamese';
import type { DateRule } from '../../reporting/regime.types';
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

/** A decimal string from a number cell or Vietnamese-typed text; undefined when it is not one. */
export function cellDecimal(value: ExcelJS.CellValue): string | null | undefined {
  if (typeof value === 'object' && value !== null && 'result' in value) return cellDecimal(value.result);
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return undefined;
    const s = normalizeDecimal(value.toFixed(3));
    return DECIMAL_PATTERN.test(s) ? s : undefined;
  }
  const text = cellText(value);
  if (text === '' || text === '-') return null;
  return parseViDecimal(text) ?? undefined;
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

/** "ngày 20 tháng thứ 5": the 5th month of the period, the first being 1 (0 is the month before). */
export function formatDateRule(rule: DateRule | null): string {
  return rule ? `ngày ${rule.day} tháng thứ ${rule.monthOffset + 1}` : '';
}

export function parseDateRule(text: string): DateRule | null | undefined {
  if (!text) return null;
  const m = /ngay\s*(\d{1,2})\D*?thang\s*(?:thu\s*)?(-?\d{1,2})/.exec(foldVietnamese(text));
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

/** Decimal arithmetic on strings with at most three decimals, through scaled bigints. */
export function toMilli(value: string): bigint {
  const [int, frac = ''] = value.split('.');
  return BigInt(int) * 1000n + BigInt((frac + '000').slice(0, 3));
}

export function fromMilli(value: bigint): string {
  const int = value / 1000n;
  const frac = (value % 1000n).toString().padStart(3, '0');
  return normalizeDecimal(`${int}.${frac}`);
}
