import { EntityManager } from 'typeorm';
import { toZonedIso } from '../common/time-zone';
import type { ReportState } from './report.constants';

export interface TaskEntryView {
  taskCode: string;
  title: string;
  sectionCode: string | null;
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
  target: string | null;
  value: string | null;
}

export interface ReportView {
  id: string;
  periodId: string;
  periodLabel: string;
  agencyCode: string;
  agencyName: string;
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

const money = (col: string) => `trim_scale(e.${col})::text AS ${col}`;

/** The report as the API speaks it: one query for the head, one per list, never one per task. */
export async function loadReportView(em: EntityManager, reportId: string): Promise<ReportView | null> {
  const [r] = (await em.query(
    `SELECT r.id, r.period_id, p.label, a.code, a.name, r.state, r.version, p.due_at, r.first_submitted_at, r.submitted_at, r.on_time,
            r.return_comment, r.official_letter_number, to_char(r.official_letter_date, 'YYYY-MM-DD') AS official_letter_date,
            r.summary_assessment, r.summary_difficulties, r.summary_proposals, p.year
     FROM agency_reports r JOIN reporting_periods p ON p.id = r.period_id JOIN agencies a ON a.id = r.agency_id WHERE r.id = $1`,
    [reportId],
  )) as Record<string, any>[];
  if (!r) return null;
  const tasks = (await em.query(
    `WITH RECURSIVE tree AS (
       SELECT t.id, ARRAY[coalesce(s.position, 0)::int, t.position] AS path FROM tasks t LEFT JOIN plan_sections s ON s.id = t.section_id
       WHERE t.parent_id IS NULL AND t.plan_id = (SELECT plan_id FROM reporting_periods WHERE id = $2)
       UNION ALL SELECT c.id, tree.path || c.position FROM tasks c JOIN tree ON c.parent_id = tree.id
     )
     SELECT t.code AS task_code, t.title, s.code AS section_code, e.role, e.status, e.percent_complete,
            ${money('capital_allocated')}, ${money('capital_allocated_state_budget')}, ${money('capital_disbursed')}, ${money('capital_disbursed_state_budget')},
            e.work_done, e.difficulties, e.difficulty_kind, e.resolving_level, e.proposals, e.next_steps
     FROM report_task_entries e JOIN tasks t ON t.id = e.task_id LEFT JOIN plan_sections s ON s.id = t.section_id JOIN tree ON tree.id = t.id
     WHERE e.report_id = $1 ORDER BY e.role, tree.path`,
    [reportId, r.period_id],
  )) as Record<string, any>[];
  const indicators = (await em.query(
    `SELECT i.code, i.name, i.unit, trim_scale(v.value)::text AS value,
            (SELECT trim_scale(x.value)::text FROM indicator_targets x WHERE x.indicator_id = i.id AND x.year >= $2 ORDER BY x.year LIMIT 1) AS target
     FROM report_indicator_values v JOIN indicators i ON i.id = v.indicator_id WHERE v.report_id = $1 ORDER BY i.position, i.code`,
    [reportId, r.year],
  )) as Record<string, any>[];
  const attachments = (await em.query(`SELECT id, name, size, sha256 FROM attachments WHERE report_id = $1 ORDER BY created_at`, [reportId])) as ReportView['attachments'];
  return {
    id: r.id,
    periodId: r.period_id,
    periodLabel: r.label,
    agencyCode: r.code,
    agencyName: r.name,
    state: r.state,
    version: r.version,
    dueAt: toZonedIso(r.due_at),
    submittedAt: r.submitted_at ? toZonedIso(r.submitted_at) : null,
    firstSubmittedAt: r.first_submitted_at ? toZonedIso(r.first_submitted_at) : null,
    onTime: r.on_time,
    returnComment: r.state === 'returned' ? r.return_comment : null,
    officialLetter: r.official_letter_number || r.official_letter_date ? { number: r.official_letter_number, date: r.official_letter_date } : null,
    tasks: tasks.map((t) => ({
      taskCode: t.task_code,
      title: t.title,
      sectionCode: t.section_code,
      role: t.role,
      status: t.status,
      percentComplete: t.percent_complete,
      capitalAllocated: t.capital_allocated,
      capitalAllocatedStateBudget: t.capital_allocated_state_budget,
      capitalDisbursed: t.capital_disbursed,
      capitalDisbursedStateBudget: t.capital_disbursed_state_budget,
      workDone: t.work_done,
      difficulties: t.difficulties,
      difficultyKind: t.difficulty_kind,
      resolvingLevel: t.resolving_level,
      proposals: t.proposals,
      nextSteps: t.next_steps,
    })),
    indicators: indicators.map((i) => ({ indicatorCode: i.code, name: i.name, unit: i.unit, target: i.target, value: i.value })),
    summary: { assessment: r.summary_assessment, difficulties: r.summary_difficulties, proposals: r.summary_proposals },
    attachments: attachments.map((a) => ({ ...a, size: Number(a.size) })),
  };
}
