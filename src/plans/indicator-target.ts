import { formatViDecimal } from '../common/decimal';
import { COMPARATOR_LABELS, Comparator } from './indicator-target.entity';

/** A target as it is compared and shown: its comparator, its value and, for a range, its upper bound. */
export interface TargetSpec {
  comparator: Comparator;
  value: string;
  valueTo?: string | null;
}

/**
 * How far from the stated value an `about` target ("khoảng 60%") still counts as met: ±5 % of the
 * value itself (relative, not percentage points), so "khoảng 60" is met from 57 to 63.
 */
export const ABOUT_TOLERANCE_PERCENT = 5n;

/**
 * A target in Vietnamese with the decimal comma, as pages and reports show it: "1,5–1,9 %",
 * "khoảng 60 %", "tối thiểu 80 %", "53 xã"; without a unit when the unit has its own column.
 */
export function formatTarget(t: TargetSpec, unit?: string | null): string {
  const amount =
    t.comparator === 'between' && t.valueTo
      ? `${formatViDecimal(t.value)}–${formatViDecimal(t.valueTo)}`
      : [COMPARATOR_LABELS[t.comparator] ?? '', formatViDecimal(t.value)].filter(Boolean).join(' ');
  return unit ? `${amount} ${unit}` : amount;
}

/** A decimal string ("1.5", "-2", "60.125") in thousandths, without going through a float. */
function milli(value: string): bigint {
  const negative = value.startsWith('-');
  const [int, frac = ''] = (negative ? value.slice(1) : value).split('.');
  const m = BigInt(int || '0') * 1000n + BigInt(frac.slice(0, 3).padEnd(3, '0'));
  return negative ? -m : m;
}

/** Compares two decimal strings (at most 3 decimals) without a float: -1, 0 or 1. */
export function compareDecimal(a: string, b: string): number {
  const [x, y] = [milli(a), milli(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Whether the value reached meets the target; null when nothing was reached (reported) yet.
 * At least / at most / exactly compare with the value; `between` is met within [value, valueTo]
 * (both ends included); `about` within ±ABOUT_TOLERANCE_PERCENT % of the value.
 */
export function isTargetMet(t: TargetSpec, reached: string | null | undefined): boolean | null {
  if (reached === null || reached === undefined || reached === '') return null;
  const r = milli(reached);
  const v = milli(t.value);
  switch (t.comparator) {
    case 'at_least':
      return r >= v;
    case 'at_most':
      return r <= v;
    case 'exactly':
      return r === v;
    case 'between':
      return r >= v && r <= milli(t.valueTo ?? t.value);
    case 'about': {
      const gap = r > v ? r - v : v - r;
      return gap * 100n <= v * ABOUT_TOLERANCE_PERCENT;
    }
    default:
      return null;
  }
}

/** "Đạt" / "Chưa đạt" for a report's column; empty when there is no value or no target to judge. */
export function metLabel(met: boolean | null | undefined): string {
  return met === true ? 'Đạt' : met === false ? 'Chưa đạt' : '';
}
