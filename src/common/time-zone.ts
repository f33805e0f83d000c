/** Every deadline of the regime is computed in this zone; results never depend on the process TZ. */
export const APP_TIME_ZONE = 'Asia/Ho_Chi_Minh';

export interface CalendarDate {
  year: number;
  month: number; // 1-12
  day: number;
}

const partsFormatter = new Intl.DateTimeFormat('en-US', {
  timeZone: APP_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

function zonedParts(instant: Date): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of partsFormatter.formatToParts(instant)) {
    if (part.type !== 'literal') out[part.type] = Number(part.value);
  }
  return out;
}

/** The offset as the zone's rules give it: one formatToParts, a few microseconds. */
function exactOffsetMinutes(instant: Date): number {
  const p = zonedParts(instant);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60000);
}

const HOUR_MS = 3600000;
const CACHED_HOURS_MAX = 100000;
/**
 * Offsets by UTC hour. An hour is cached only when its first and last millisecond have the same
 * offset, so an hour with a change of rules in it is always computed exactly. A period's status
 * or a roll-up formats thousands of instants: most fall in hours already seen.
 */
const offsetByHour = new Map<number, number>();

/** Offset of the zone from UTC at `instant`, in minutes (420 for ICT). */
export function zoneOffsetMinutes(instant: Date): number {
  const hour = Math.floor(instant.getTime() / HOUR_MS);
  const cached = offsetByHour.get(hour);
  if (cached !== undefined) return cached;
  const offset = exactOffsetMinutes(instant);
  const first = exactOffsetMinutes(new Date(hour * HOUR_MS));
  const last = exactOffsetMinutes(new Date(hour * HOUR_MS + HOUR_MS - 1));
  if (first === offset && last === offset) {
    if (offsetByHour.size >= CACHED_HOURS_MAX) offsetByHour.clear();
    offsetByHour.set(hour, offset);
  }
  return offset;
}

/** The instant at which the given local wall-clock time occurs in the app zone. */
export function zonedInstant(date: CalendarDate, hour = 0, minute = 0): Date {
  const guess = Date.UTC(date.year, date.month - 1, date.day, hour, minute);
  const offset = zoneOffsetMinutes(new Date(guess));
  return new Date(guess - offset * 60000);
}

/** Local calendar date in the app zone of an instant. */
export function zonedDate(instant: Date): CalendarDate {
  const local = new Date(instant.getTime() + zoneOffsetMinutes(instant) * 60000);
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() };
}

/** ISO 8601 with the zone's offset: 2026-05-20T00:00:00+07:00. */
export function toZonedIso(instant: Date): string {
  const offset = zoneOffsetMinutes(instant);
  const local = new Date(instant.getTime() + offset * 60000);
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local.toISOString().slice(0, 19)}${sign}${hh}:${mm}`;
}

/** Adds months to a calendar date's month, keeping the day (used by regime date rules). */
export function addMonths(year: number, month: number, months: number): { year: number; month: number } {
  const index = year * 12 + (month - 1) + months;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isValidCalendarDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Parses 'YYYY-MM-DD' strictly; null when malformed or not a real date (31/2). */
export function parseIsoDate(value: string): CalendarDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isValidCalendarDate(year, month, day) ? { year, month, day } : null;
}

export function formatIsoDate(date: CalendarDate): string {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Vietnamese short form used in text: 20/5/2026. */
export function formatViDate(date: CalendarDate): string {
  return `${date.day}/${date.month}/${date.year}`;
}

/** dd/mm/yyyy as shown in tables. */
export function formatViDatePadded(date: CalendarDate): string {
  return `${String(date.day).padStart(2, '0')}/${String(date.month).padStart(2, '0')}/${date.year}`;
}

/** dd/mm/yyyy hh:mm in Asia/Ho_Chi_Minh, as people read it. */
export function formatViDateTime(instant: Date): string {
  const iso = toZonedIso(instant);
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)} ${iso.slice(11, 16)}`;
}
