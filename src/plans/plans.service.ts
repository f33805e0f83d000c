import { Injectable } from '@nestjs/common';
import { AppError } from '../common/errors';
import { AgencyRef, CapitalView, TimelineView, timelineView } from './plan-views';
import { identitySettingsOf, PlanIdentitySettings } from './plan-identity';
import { PlansRepository } from './plans.repository';
import { CapitalPhasesRepository, PhaseCapitalRow } from './capital-phases.repository';
import { phaseLabel } from './capital-phases';

/** A section's, a task's or the plan's capital need in one phase (decimal strings, tỷ đồng; null where not stated). */
export interface PhaseCapitalView {
  phase: string;
  startYear: number;
  endYear: number;
  total: string | null;
  stateBudget: string | null;
  nonStateBudget: string | null;
}

export interface PlanSummary {
  code: string;
  title: string;
  issuingBody: string;
  startYear: number;
  endYear: number;
  coordinatingAgency: AgencyRef;
}

export interface SectionView {
  code: string;
  title: string;
  position: number;
  capital: CapitalView;
  /** The section's need in each phase its sheet states, in phase order; empty for a plan without phases. */
  capitalByPhase: PhaseCapitalView[];
  taskCount: number;
}

export interface PlanDetail extends PlanSummary {
  id: string;
  legalBasis: string | null;
  documentNumber: string | null;
  documentDate: string | null;
  recipientAgency: AgencyRef | null;
  capital: CapitalView;
  /** The plan's capital phases, each with the sum of its sections' needs; empty when the plan has none. */
  capitalByPhase: PhaseCapitalView[];
  sections: SectionView[];
  taskCount: number;
  indicatorCount: number;
  /** What the plan states about its letterhead, signer and sender; null settings are derived. */
  identity: PlanIdentitySettings;
}

export interface MilestoneView {
  position: number;
  title: string;
  timeline: TimelineView | null;
}

export interface TaskView {
  code: string;
  title: string;
  kind: string;
  sectionCode: string | null;
  parentCode: string | null;
  depth: number;
  position: number;
  timeline: TimelineView | null;
  capital: CapitalView | null;
  /** The task's need in each phase its row states, in phase order. */
  capitalByPhase: PhaseCapitalView[];
  note: string | null;
  milestones: MilestoneView[];
  lead: AgencyRef[];
  cooperating: AgencyRef[];
}

export interface IndicatorView {
  code: string;
  name: string;
  unit: string;
  aggregation: string;
  /** What the report form asks each owner; null: the name and unit. */
  question: string | null;
  taskCode: string | null;
  owners: string[];
  targets: { year: number; comparator: string; value: string; valueTo: string | null; note: string | null }[];
}

/** Read side of plans: every list is one set-based query. */
@Injectable()
export class PlansService {
  constructor(
    private readonly plans: PlansRepository,
    private readonly phases: CapitalPhasesRepository,
  ) {}

  /** The per-phase capital of the plan's sections (key "s:CODE") and tasks ("t:CODE"), each list in phase order. */
  private async phaseCapital(planId: string): Promise<Map<string, PhaseCapitalView[]>> {
    const phases = new Map((await this.phases.phasesOf(planId)).map((p) => [p.id, p]));
    const out = new Map<string, PhaseCapitalView[]>();
    if (phases.size === 0) return out;
    for (const r of await this.phases.capitalOfPlan(planId)) {
      const key = `${r.section_id ? 's' : 't'}:${r.code}`;
      out.set(key, [...(out.get(key) ?? []), phaseView(phases.get(r.phase_id)!, r)]);
    }
    return out;
  }

  async list(): Promise<PlanSummary[]> {
    const rows = await this.plans.listPlans();
    return rows.map((r) => ({
      code: r.code,
      title: r.title,
      issuingBody: r.issuing_body,
      startYear: r.start_year,
      endYear: r.end_year,
      coordinatingAgency: r.coordinating_agency,
    }));
  }

  /** The plan id for a code, or 404. */
  async requireId(code: string): Promise<string> {
    const id = await this.plans.idByCode(code);
    if (!id) throw AppError.notFound(`Không tìm thấy kế hoạch có mã "${code}".`, 'PLAN_NOT_FOUND');
    return id;
  }

  async get(code: string): Promise<PlanDetail> {
    const plan = await this.plans.planDetail(code);
    if (!plan) throw AppError.notFound(`Không tìm thấy kế hoạch có mã "${code}".`, 'PLAN_NOT_FOUND');
    const sections = await this.plans.sectionsOf(plan.id);
    const sum = await this.plans.capitalOf(plan.id);
    const byPhase = await this.phaseCapital(plan.id);
    const phaseTotals = await this.phases.phaseTotalsOf(plan.id);
    return {
      id: plan.id,
      code: plan.code,
      title: plan.title,
      issuingBody: plan.issuing_body,
      legalBasis: plan.legal_basis,
      documentNumber: plan.document_number,
      documentDate: plan.document_date,
      startYear: plan.start_year,
      endYear: plan.end_year,
      coordinatingAgency: plan.coordinating_agency,
      recipientAgency: plan.recipient_agency,
      capital: { total: sum.total, stateBudget: sum.state_budget, nonStateBudget: sum.non_state_budget },
      capitalByPhase: phaseTotals.map((p) => phaseView(p, p)),
      sections: sections.map((s) => ({
        code: s.code,
        title: s.title,
        position: s.position,
        capital: { total: s.total, stateBudget: s.state_budget, nonStateBudget: s.non_state_budget },
        capitalByPhase: byPhase.get(`s:${s.code}`) ?? [],
        taskCount: s.task_count,
      })),
      taskCount: plan.task_count,
      indicatorCount: plan.indicator_count,
      identity: identitySettingsOf(plan),
    };
  }

  /** Tasks in plan order (plan_task_order: depth-first by position), with assignments and milestones. */
  async tasks(planCode: string, filter: { sectionCode?: string; taskCode?: string } = {}): Promise<TaskView[]> {
    const planId = await this.requireId(planCode);
    const rows = await this.plans.tasksInPlanOrder(planId, filter);
    const byPhase = await this.phaseCapital(planId);
    return rows.map((r) => ({
      code: r.code,
      title: r.title,
      kind: r.kind,
      sectionCode: r.section_code,
      parentCode: r.parent_code,
      depth: r.depth,
      position: r.position,
      timeline: timelineView(r),
      capital:
        r.capital_total === null
          ? null
          : { total: r.capital_total, stateBudget: r.capital_state_budget ?? '0', nonStateBudget: r.capital_non_state_budget ?? '0' },
      capitalByPhase: byPhase.get(`t:${r.code}`) ?? [],
      note: r.note,
      milestones: r.milestones.map((m) => ({ position: m.position, title: m.title, timeline: timelineView(m) })),
      lead: r.lead,
      cooperating: r.cooperating,
    }));
  }

  async task(planCode: string, taskCode: string): Promise<TaskView> {
    const [task] = await this.tasks(planCode, { taskCode });
    if (!task) throw AppError.notFound(`Không tìm thấy nhiệm vụ "${taskCode}" trong kế hoạch ${planCode}.`, 'TASK_NOT_FOUND');
    return task;
  }

  async indicators(planCode: string): Promise<IndicatorView[]> {
    const planId = await this.requireId(planCode);
    const rows = await this.plans.indicatorsOf(planId);
    return rows.map((r) => ({
      code: r.code,
      name: r.name,
      unit: r.unit,
      aggregation: r.aggregation,
      question: r.question,
      taskCode: r.task_code,
      owners: r.owners,
      targets: r.targets,
    }));
  }
}

function phaseView(
  p: { start_year: number; end_year: number },
  r: Pick<PhaseCapitalRow, 'total' | 'state_budget' | 'non_state_budget'>,
): PhaseCapitalView {
  return {
    phase: phaseLabel({ startYear: p.start_year, endYear: p.end_year }),
    startYear: p.start_year,
    endYear: p.end_year,
    total: r.total,
    stateBudget: r.state_budget,
    nonStateBudget: r.non_state_budget,
  };
}
