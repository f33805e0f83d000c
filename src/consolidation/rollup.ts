import { ownDataWindow } from '../reporting/regime.types';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { toZonedIso } from '../common/time-zone';
import { isTargetMet, TargetSpec } from '../plans/indicator-target';
import { PeriodStatus, PeriodStatusService } from '../submissions/period-status.service';
import {
  CapitalRow,
  IndicatorRow,
  LeadStatusTotalsRow,
  PhaseNeedRow,
  QuotedTextRow,
  RollupPeriodRow,
  RollupRepository,
  TaskRow,
} from './rollup.repository';
import { phaseLabel } from '../plans/capital-phases';
export { indicatorBasis, indicatorTargetText } from './indicator-text';

/**
 * The roll-up of a period: the figures of the consolidated report, assembled from the set-based
 * reads of `RollupRepository` (never one query per agency). Figures come from the reports that
 * stand sent (submitted or accepted); money is summed in SQL and travels as decimal strings (tỷ đồng).
 */

export interface AgencyLine {
  code: string;
  name: string;
  kind: string;
  state: 'missing' | 'submitted' | 'returned' | 'accepted';
  onTime: boolean | null;
  submittedAt: string | null;
}

export interface Money {
  total: string;
  stateBudget: string;
}

export interface CapitalLine {
  need: { total: string; stateBudget: string; nonStateBudget: string };
  allocated: Money;
  disbursed: Money;
  allocatedCumulative: Money;
  disbursedCumulative: Money;
  /** disbursed ÷ allocated in the period, percent with one decimal; null when nothing allocated. */
  disbursementRate: string | null;
}

/** A need in one capital phase (null figures where the plan does not state them). */
export interface PhaseNeed {
  total: string | null;
  stateBudget: string | null;
  nonStateBudget: string | null;
}

/** The capital phase the period's year falls in ("2026–2027") and the plan's need in it. */
export interface CapitalPhaseLine {
  label: string;
  startYear: number;
  endYear: number;
  need: PhaseNeed;
}

export interface TaskLine {
  code: string;
  title: string;
  sectionCode: string | null;
  /** One line per lead agency that reported on it. */
  leads: { agencyCode: string; agencyName: string; status: string | null; percent: number | null; workDone: string | null }[];
  leadAgencies: number;
  reported: number;
  statusCounts: Record<string, number>;
  averagePercent: string | null;
  milestones: { title: string; due: string | null; met: boolean | null }[];
  contributions: { agencyCode: string; agencyName: string; workDone: string }[];
  behind: boolean;
  behindReason: string | null;
}

export interface IndicatorLine {
  code: string;
  name: string;
  unit: string;
  aggregation: string;
  value: string | null;
  reportedBy: number;
  /** The agencies asked (its owners that owe the period); absent in figures taken before rules were data. */
  asked?: number;
  /** The target of the period's own year, when the plan sets one for it (its value; a range's lower bound). */
  targetYear: string | null;
  target2030: string | null;
  /** The year's and the last year's targets in full ("1,5–1,9", "khoảng 60"); absent in figures taken before ranges existed. */
  yearTarget?: TargetSpec | null;
  finalTarget?: TargetSpec | null;
  /**
   * Whether the value reached meets the year's target (isTargetMet: a range within its bounds, "khoảng"
   * within ±5 %); null when nothing was reported or the year has no target.
   */
  met?: boolean | null;
}

export interface DifficultyGroup {
  kind: string;
  level: string | null;
  count: number;
  agencies: string[];
  items: { agencyCode: string; agencyName: string; taskCode: string | null; text: string; source: 'report' | 'adhoc' }[];
}

export interface Rollup {
  period: {
    id: string;
    label: string;
    year: number;
    dueAt: string;
    consolidationDueAt: string | null;
    dataFrom: string | null;
    dataTo: string | null;
    /** The plan sets the data window itself (not Decree 09/2019's default); absent in figures taken before. */
    dataWindowOwn?: boolean;
  };
  plan: { code: string; title: string; issuingBody: string; coordinatingAgency: string; recipientAgency: string | null };
  completeness: {
    expected: number;
    submitted: number;
    onTime: number;
    late: number;
    missing: number;
    returned: number;
    accepted: number;
    agencies: AgencyLine[];
  };
  capital: CapitalLine & {
    sections: (CapitalLine & { code: string; title: string; phaseNeed?: PhaseNeed | null })[];
    /** The phase of the period's year, when the plan splits its capital by phase (absent in older figures). */
    phase?: CapitalPhaseLine | null;
  };
  sections: { code: string; title: string; tasks: TaskLine[] }[];
  indicators: IndicatorLine[];
  difficulties: DifficultyGroup[];
  proposals: { agencyCode: string; agencyName: string; taskCode: string | null; text: string }[];
  nextSteps: { agencyCode: string; agencyName: string; taskCode: string; text: string }[];
  assessments: { agencyCode: string; agencyName: string; text: string }[];
  behind: { code: string; title: string; reason: string }[];
}

/**
 * The few figures a leader's dashboard shows of a period, from the same reads as the roll-up (so
 * they equal the consolidated report built from the same reports): capital by section, and the lead
 * entries of the sent reports by status.
 */
export interface PeriodHighlights {
  capital: Rollup['capital'];
  /** Lead entries (an agency's part of a task it leads) by reported status. */
  leadStatus: Omit<LeadStatusTotalsRow, 'tasks_behind'>;
  /** Tasks with at least one lead entry behind schedule. */
  tasksBehind: number;
}

/** Tasks with more lead (or cooperating) agencies than this are summarised, not listed agency by agency. */
const LISTED_AGENCIES_MAX = 100;

/** The figures of a period's consolidated report, assembled from the roll-up's reads. */
@Injectable()
export class RollupService {
  constructor(
    private readonly repo: RollupRepository,
    private readonly periodStatus: PeriodStatusService,
  ) {}

  /** Every read in the caller's transaction (one REPEATABLE READ snapshot, so every figure agrees). */
  async compute(periodId: string, em: EntityManager): Promise<Rollup> {
    const repo = this.repo;
    const p = (await repo.period(periodId, em))!;
    const status = await this.periodStatus.forPeriod(periodId, em);
    await repo.materialiseTaskAggregates(periodId, em);
    const capitalRows = await repo.capitalBySection(periodId, p.plan_id, p.report_kind_id, em);
    const phaseRows = await repo.phaseNeedOfYear(p.plan_id, p.year, em);
    const taskRows = await repo.taskLines(periodId, p.plan_id, LISTED_AGENCIES_MAX, em);
    const indicators = await repo.indicatorValues(periodId, p.plan_id, p.year, em);
    const texts = await repo.quotedTexts(periodId, em);
    const { sections, behind } = taskSections(taskRows, p.data_to ?? toZonedIso(p.due_at).slice(0, 10));
    return {
      period: periodLine(p),
      plan: { code: p.code, title: p.title, issuingBody: p.issuing_body, coordinatingAgency: p.coordinating, recipientAgency: p.recipient },
      completeness: completeness(status),
      capital: withPhase(capitalFigures(capitalRows), phaseRows),
      sections,
      indicators: indicators.map(indicatorLine),
      difficulties: difficultyGroups(texts),
      ...quotations(texts),
      behind,
    };
  }

  /** The dashboard's figures (PeriodHighlights), in the caller's transaction (it materialises the task aggregates). */
  async highlights(periodId: string, em: EntityManager): Promise<PeriodHighlights | null> {
    const p = await this.repo.period(periodId, em);
    if (!p) return null;
    await this.repo.materialiseTaskAggregates(periodId, em);
    const capitalRows = await this.repo.capitalBySection(periodId, p.plan_id, p.report_kind_id, em);
    const { tasks_behind, ...leadStatus } = await this.repo.leadStatusTotals(em);
    return { capital: capitalFigures(capitalRows), leadStatus, tasksBehind: tasks_behind };
  }
}

function periodLine(p: RollupPeriodRow): Rollup['period'] {
  return {
    id: p.id,
    label: p.label,
    year: p.year,
    dueAt: toZonedIso(p.due_at),
    consolidationDueAt: p.consolidation_due_at ? toZonedIso(p.consolidation_due_at) : null,
    dataFrom: p.data_from,
    dataTo: p.data_to,
    dataWindowOwn: ownDataWindow(p.frequency, p.data_window),
  };
}

/** Who reported, on time or late, and who is missing, agency by agency. */
function completeness(status: PeriodStatus): Rollup['completeness'] {
  const agencies: AgencyLine[] = status.agencies.map((a) => ({
    code: a.agencyCode,
    name: a.agencyName,
    kind: a.agencyKind,
    state: a.state,
    onTime: a.onTime,
    submittedAt: a.submittedAt,
  }));
  return { ...status.summary, agencies };
}

function capitalLine(r: CapitalRow, need: CapitalLine['need']): CapitalLine {
  return {
    need,
    allocated: { total: r.alloc, stateBudget: r.alloc_state },
    disbursed: { total: r.disb, stateBudget: r.disb_state },
    allocatedCumulative: { total: r.alloc_cum, stateBudget: r.alloc_state_cum },
    disbursedCumulative: { total: r.disb_cum, stateBudget: r.disb_state_cum },
    disbursementRate: percentOf(r.disb, r.alloc),
  };
}

/** The plan's capital (the ROLLUP's total row with the plan's need) and a line per section. */
function capitalFigures(rows: CapitalRow[]): Rollup['capital'] {
  const totalRow = rows.find((r) => r.code === null)!;
  return {
    ...capitalLine(totalRow, { total: totalRow.need_total!, stateBudget: totalRow.need_state!, nonStateBudget: totalRow.need_non_state! }),
    sections: rows
      .filter((r) => r.code !== null)
      .map((r) => ({
        code: r.code!,
        title: r.title!,
        ...capitalLine(r, { total: r.need_total!, stateBudget: r.need_state!, nonStateBudget: r.need_non_state! }),
      })),
  };
}

const phaseNeed = (r: PhaseNeedRow | undefined): PhaseNeed | null =>
  r ? { total: r.total, stateBudget: r.state_budget, nonStateBudget: r.non_state_budget } : null;

/** The plan's and each section's need in the period's capital phase, when the plan has one for its year. */
function withPhase(capital: Rollup['capital'], rows: PhaseNeedRow[]): Rollup['capital'] {
  const total = rows.find((r) => r.is_total);
  if (!total) return capital;
  const bySection = new Map(rows.filter((r) => !r.is_total && r.code !== null).map((r) => [r.code!, r]));
  return {
    ...capital,
    sections: capital.sections.map((s) => ({ ...s, phaseNeed: phaseNeed(bySection.get(s.code)) })),
    phase: {
      label: phaseLabel({ startYear: total.start_year, endYear: total.end_year }),
      startYear: total.start_year,
      endYear: total.end_year,
      need: phaseNeed(total)!,
    },
  };
}

/** A task's line: its statuses, its milestones met or missed by the period's end, and whether it is behind. */
function taskLine(r: TaskRow, periodEnd: string): TaskLine {
  const statusCounts = Object.fromEntries(Object.entries(r.status_counts).filter(([, n]) => n > 0));
  const completed = r.reported > 0 && r.reported === r.lead_agencies && (statusCounts.completed ?? 0) === r.reported;
  const milestones = r.milestones.map((m) => {
    const due = m.due ?? (m.year && m.kind === 'year' ? `${m.year}-12-31` : null);
    // A milestone counts as met when every lead agency reports the task completed.
    return { title: m.title, due, met: due && due <= periodEnd ? completed : null };
  });
  const reportedBehind = (statusCounts.behind_schedule ?? 0) > 0;
  const missedMilestone = milestones.some((m) => m.met === false);
  return {
    code: r.code,
    title: r.title,
    sectionCode: r.section_code,
    leads: r.leads ?? [],
    leadAgencies: r.lead_agencies,
    reported: r.reported,
    statusCounts,
    averagePercent: r.avg_percent,
    milestones,
    contributions: r.contributions ?? [],
    behind: reportedBehind || missedMilestone,
    behindReason: reportedBehind
      ? 'Đơn vị chủ trì báo cáo chậm tiến độ'
      : missedMilestone
        ? 'Có mốc đã đến hạn nhưng chưa hoàn thành'
        : null,
  };
}

/** The tasks grouped by section in plan order (tasks without a section under "Nhiệm vụ chung"), and those behind. */
function taskSections(rows: TaskRow[], periodEnd: string): Pick<Rollup, 'sections' | 'behind'> {
  const sections = new Map<string, { code: string; title: string; tasks: TaskLine[] }>();
  const behind: Rollup['behind'] = [];
  for (const r of rows) {
    const line = taskLine(r, periodEnd);
    if (line.behind) behind.push({ code: line.code, title: line.title, reason: line.behindReason! });
    const key = r.section_code ?? '';
    if (!sections.has(key)) sections.set(key, { code: r.section_code ?? '', title: r.section_title ?? 'Nhiệm vụ chung', tasks: [] });
    sections.get(key)!.tasks.push(line);
  }
  return { sections: [...sections.values()], behind };
}

function indicatorLine(i: IndicatorRow): IndicatorLine {
  return {
    code: i.code,
    name: i.name,
    unit: i.unit,
    aggregation: i.aggregation,
    value: i.value,
    reportedBy: i.reported_by,
    asked: i.asked,
    targetYear: i.target_year,
    target2030: i.target_final,
    yearTarget: i.year_target,
    finalTarget: i.final_target,
    met: i.year_target ? isTargetMet(i.year_target, i.value) : null,
  };
}

const KIND_ORDER = ['land_clearance', 'capital', 'procedure', 'planning', 'materials', 'other'];
const LEVEL_ORDER = ['central', 'province', 'commune', ''];

/** The difficulties grouped by kind and resolving level, in the order the report lists them. */
function difficultyGroups(texts: QuotedTextRow[]): DifficultyGroup[] {
  const groups = new Map<string, DifficultyGroup>();
  for (const d of texts.filter((x) => x.what === 'difficulty')) {
    const key = `${d.kind}|${d.level ?? ''}`;
    if (!groups.has(key)) groups.set(key, { kind: d.kind ?? 'other', level: d.level, count: 0, agencies: [], items: [] });
    const g = groups.get(key)!;
    g.count += 1;
    if (!g.agencies.includes(d.code)) g.agencies.push(d.code);
    g.items.push({ agencyCode: d.code, agencyName: d.name, taskCode: d.task_code, text: d.text, source: d.source });
  }
  return [...groups.values()].sort(
    (a, b) =>
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || LEVEL_ORDER.indexOf(a.level ?? '') - LEVEL_ORDER.indexOf(b.level ?? ''),
  );
}

/** The proposals, next steps and assessments quoted from the reports. */
function quotations(texts: QuotedTextRow[]): Pick<Rollup, 'proposals' | 'nextSteps' | 'assessments'> {
  return {
    proposals: texts
      .filter((x) => x.what === 'proposal')
      .map((x) => ({ agencyCode: x.code, agencyName: x.name, taskCode: x.task_code, text: x.text })),
    nextSteps: texts
      .filter((x) => x.what === 'next')
      .map((x) => ({ agencyCode: x.code, agencyName: x.name, taskCode: x.task_code!, text: x.text })),
    assessments: texts.filter((x) => x.what === 'assessment').map((x) => ({ agencyCode: x.code, agencyName: x.name, text: x.text })),
  };
}

/** part ÷ whole as a percent with one decimal, rounded half up, from decimal strings (no floats for money). */
export function percentOf(part: string, whole: string): string | null {
  const toMilli = (s: string) => {
    const [i, f = ''] = s.split('.');
    return BigInt(i) * 1000n + BigInt((f + '000').slice(0, 3));
  };
  const a = toMilli(whole);
  if (a === 0n) return null;
  const tenths = (toMilli(part) * 1000n + a / 2n) / a; // percent × 10
  return `${tenths / 10n}.${tenths % 10n}`;
}
