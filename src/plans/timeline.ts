export const TIMELINE_KINDS = ['year', 'date', 'early_year', 'mid_year', 'end_year', 'period', 'ongoing'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/**
 * When a task or milestone is due, as the plan's text says it:
 * a year ("năm 2026"), a date ("19/5/2026"), "đầu năm 2026", a span of years, or ongoing ("thường xuyên").
 */
export interface Timeline {
  kind: TimelineKind;
  year: number | null;
  /** Last year of a 'period' timeline. */
  endYear: number | null;
  date: string | null;
  text: string | null;
}

export const TIMELINE_CHECK_SQL = (prefix: string) =>
  `("${prefix}_kind" IS NULL) OR ` +
  `("${prefix}_kind" = 'date' AND "${prefix}_date" IS NOT NULL) OR ` +
  `("${prefix}_kind" IN ('year', 'early_year', 'mid_year', 'end_year') AND "${prefix}_year" IS NOT NULL) OR ` +
  `("${prefix}_kind" = 'period' AND "${prefix}_year" IS NOT NULL AND "${prefix}_end_year" >= "${prefix}_year") OR ` +
  `("${prefix}_kind" = 'ongoing')`;

/** Vietnamese wording of a timeline when the text gave none. */
export function describeTimeline(t: Pick<Timeline, 'kind' | 'year' | 'endYear' | 'date' | 'text'>): string {
  if (t.text) return t.text;
  switch (t.kind) {
    case 'date': {
      const [y, m, d] = (t.date ?? '').split('-').map(Number);
      return `${d}/${m}/${y}`;
    }
    case 'year':
      return `Năm ${t.year}`;
    case 'early_year':
      return `Đầu năm ${t.year}`;
    case 'mid_year':
      return `Giữa năm ${t.year}`;
    case 'end_year':
      return `Cuối năm ${t.year}`;
    case 'period':
      return `${t.year}–${t.endYear}`;
    case 'ongoing':
      return 'Thường xuyên';
    default:
      return '';
  }
}
