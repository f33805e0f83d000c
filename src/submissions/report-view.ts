import { toZonedIso } from '../common/time-zone';
import type { Comparator } from '../plans/indicator-target.entity';
import type { Aggregation } from '../plans/indicator.entity';
import type { ReportState } from './report.constants';

export interface TaskEntryView {
  taskCode: string;
  title: string;
  sectionCode: string | null;
  /** The plan's own title of the section ("Quy hoạch đô thị và nông thôn"); absent in revisions saved before it was given. */
  sectionTitle?: string | null;
  role: 'lead' | 'cooperating';
  status: string | null;
  percentComplete: number | null;
  capitalAllocated: string | null;
  capitalAllocatedStateBudget: string | null;
  capitalDisbursed: string | null;
  capitalDisbursedStateBudget: string | null;
  workDone: string | null;
  difficulties: string | null;
  difficultyKind: string | null;
  resolvingLevel: string | null;
  proposals: string | null;
  nextSteps: string | null;
}

export interface IndicatorValueView {
  indicatorCode: string;
  name: string;
  unit: string;
  /** The indicator's rule (count_yes: the value is the agency's answer, 1 Có or 0 Không). */
  aggregation: Aggregation;
  /** What the form asks; null: the name and unit. */
  question: string | null;
  target: string | null;
  /** The same target in full (the first target year from the period's): its year, comparator and a range's upper bound. */
  targetSpec?: { year: number; comparator: Comparator; value: string; valueTo: string | null } | null;
  value: string | null;
}

export interface ReportView {
  id: string;
  periodId: string;
  periodLabel: string;
  agencyCode: string;
  agencyName: string;
  /** 'tasks': the progress form; 'document': a signed letter (number, summary, attached file), no task entries. */
  form: 'tasks' | 'document';
  state: ReportState;
  version: number;
  dueAt: string;
  /** The latest submission; on time or late is judged by the first. */
  submittedAt: string | null;
  firstSubmittedAt: string | null;
  onTime: boolean | null;
  returnComment: string | null;
  officialLetter: { number: string | null; date: string | null } | null;
  tasks: TaskEntryView[];
  indicators: IndicatorValueView[];
  summary: { assessment: string | null; difficulties: string | null; proposals: string | null };
  attachments: { id: string; name: string; size: number; sha256: string }[];
}

/** What `agency_report_view` (migration SaveReportFunction) answers: the report as JSON, in one statement. */
export interface StoredReportView {
  id: string;
  periodId: string;
  periodLabel: string;
  agencyCode: string;
  agencyName: string;
  /** Absent in revisions sent before document kinds existed: tasks. */
  form?: 'tasks' | 'document';
  state: ReportState;
  version: number;
  dueAt: string;
  firstSubmittedAt: string | null;
  submittedAt: string | null;
  onTime: boolean | null;
  returnComment: string | null;
  officialLetterNumber: string | null;
  officialLetterDate: string | null;
  assessment: string | null;
  difficulties: string | null;
  proposals: string | null;
  tasks: TaskEntryView[];
  indicators: IndicatorValueView[];
  attachments: ReportView['attachments'];
}

const zoned = (instant: string | null): string | null => (instant ? toZonedIso(new Date(instant)) : null);

/** The API's shape of what `agency_report_view` answers: instants in Asia/Ho_Chi_Minh, the comment only while returned. */
export function toReportView(r: StoredReportView): ReportView {
  return {
    id: r.id,
    periodId: r.periodId,
    periodLabel: r.periodLabel,
    agencyCode: r.agencyCode,
    agencyName: r.agencyName,
    form: r.form ?? 'tasks',
    state: r.state,
    version: r.version,
    dueAt: zoned(r.dueAt)!,
    submittedAt: zoned(r.submittedAt),
    firstSubmittedAt: zoned(r.firstSubmittedAt),
    onTime: r.onTime,
    returnComment: r.state === 'returned' ? r.returnComment : null,
    officialLetter: r.officialLetterNumber || r.officialLetterDate ? { number: r.officialLetterNumber, date: r.officialLetterDate } : null,
    tasks: r.tasks,
    indicators: r.indicators,
    summary: { assessment: r.assessment, difficulties: r.difficulties, proposals: r.proposals },
    attachments: r.attachments,
  };
}
