import { FieldError } from '../common/errors';
import type { TimelineDto } from './dto/timeline.dto';

const YEAR_KINDS = ['year', 'early_year', 'mid_year', 'end_year'];

/**
 * Which fields each timeline kind needs and which it must not carry, so that a stored timeline
 * always reads one way ("19/5/2026", "Năm 2026", "2026–2028"). Field-level checks (a real date,
 * a year within 2000..2100) are the DTO's.
 */
export function timelineErrors(t: TimelineDto, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const need = (field: keyof TimelineDto, message: string) => {
    if (t[field] === undefined || t[field] === null) errors.push({ path: `${path}.${field}`, message });
  };
  const forbid = (field: keyof TimelineDto) => {
    if (t[field] !== undefined && t[field] !== null) {
      errors.push({ path: `${path}.${field}`, message: `Mốc thời gian loại "${t.kind}" không dùng trường "${field}".` });
    }
  };
  if (t.kind === 'date') {
    need('date', 'Mốc thời gian loại "date" cần ngày cụ thể theo dạng YYYY-MM-DD.');
    forbid('year');
    forbid('endYear');
  } else if (YEAR_KINDS.includes(t.kind)) {
    need('year', `Mốc thời gian loại "${t.kind}" cần năm (2000–2100).`);
    forbid('endYear');
    forbid('date');
  } else if (t.kind === 'period') {
    need('year', 'Mốc thời gian loại "period" cần năm bắt đầu (year).');
    need('endYear', 'Mốc thời gian loại "period" cần năm kết thúc (endYear).');
    if (t.year != null && t.endYear != null && t.endYear < t.year) {
      errors.push({ path: `${path}.endYear`, message: `Năm kết thúc (${t.endYear}) không được nhỏ hơn năm bắt đầu (${t.year}).` });
    }
    forbid('date');
  } else if (t.kind === 'ongoing') {
    forbid('year');
    forbid('endYear');
    forbid('date');
  }
  return errors;
}

/** Column values of a timeline (all null when there is none). */
export function timelineColumns(
  t: TimelineDto | null | undefined,
): [string | null, number | null, number | null, string | null, string | null] {
  if (!t) return [null, null, null, null, null];
  return [t.kind, t.year ?? null, t.endYear ?? null, t.date ?? null, t.text || null];
}
