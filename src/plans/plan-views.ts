import { describeTimeline, TimelineKind } from './timeline';

/** Money as the API speaks it: decimal strings in tỷ đồng. */
export interface CapitalView {
  total: string;
  stateBudget: string;
  nonStateBudget: string;
}

export interface AgencyRef {
  code: string;
  name: string;
  shortName: string;
  kind?: string;
}

export interface TimelineView {
  kind: TimelineKind;
  year: number | null;
  endYear: number | null;
  date: string | null;
  text: string | null;
  /** Vietnamese wording for display: "Năm 2026", "19/5/2026", "Thường xuyên". */
  label: string;
}

export interface TimelineRow {
  timeline_kind: TimelineKind | null;
  timeline_year: number | null;
  timeline_end_year: number | null;
  timeline_date: string | null;
  timeline_text: string | null;
}

export function timelineView(row: TimelineRow): TimelineView | null {
  if (!row.timeline_kind) return null;
  const t = {
    kind: row.timeline_kind,
    year: row.timeline_year,
    endYear: row.timeline_end_year,
    date: row.timeline_date,
    text: row.timeline_text,
  };
  return { ...t, label: describeTimeline(t) };
}
