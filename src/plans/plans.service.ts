import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppError } from '../common/errors';
import { AgencyRef, CapitalView, TimelineRow, TimelineView, timelineView } from './plan-views';

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
  taskCount: number;
}

export interface PlanDetail extends PlanSummary {
  id: string;
  legalBasis: string | null;
  documentNumber: string | null;
  documentDate: string | null;
  recipientAgency: AgencyRef | null;
  capital: CapitalView;
  sections: SectionView[];
  taskCount: number;
  indicatorCount: number;
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
  taskCode: string | null;
  owners: string[];
  targets: { year: number; comparator: string; value: string; note: string | null }[];
}

/** trim_scale drops the numeric scale's trailing zeros: 93243.100 -> 93243.1 */
const money = (expr: string) => `trim_scale(${expr})::text`;

/** Read side of plans: every list is one set-based query. */
@Injectable()
export class PlansService {
  constructor(private readonly dataSource: DataSource) {}

  async list(): Promise<PlanSummary[]> {
    const rows = (await this.dataSource.query(
      `SELECT p.code, p.title, p.issuing_body, p.start_year, p.end_year,
              json_build_object('code', a.code, 'name', a.name, 'shortName', a.short_name) AS coordinating_agency
       FROM plans p JOIN agencies a ON a.id = p.coordinating_agency_id ORDER BY p.start_year DESC, p.code`,
    )) as { code: string; title: string; issuing_body: string; start_year: number; end_year: number; coordinating_agency: AgencyRef }[];
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
    const [row] = (await this.dataSource.query('SELECT id FROM plans WHERE code = $1', [code])) as { id: string }[];
    if (!row) throw AppError.notFound(`Không tìm thấy kế hoạch có mã "${code}".`, 'PLAN_NOT_FOUND');
    return row.id;
  }

  async get(code: string): Promise<PlanDetail> {
    const [plan] = (await this.dataSource.query(
      `SELECT p.id, p.code, p.title, p.issuing_body, p.legal_basis, p.document_number, to_char(p.document_date, 'YYYY-MM-DD') AS document_date,
              p.start_year, p.end_year,
              json_build_object('code', c.code, 'name', c.name, 'shortName', c.short_name) AS coordinating_agency,
              CASE WHEN r.id IS NULL THEN NULL ELSE json_build_object('code', r.code, 'name', r.name, 'shortName', r.short_name) END AS recipient_agency,
              (SELECT count(*)::int FROM tasks t WHERE t.plan_id = p.id) AS task_count,
              (SELECT count(*)::int FROM indicators i WHERE i.plan_id = p.id) AS indicator_count
       FROM plans p JOIN agencies c ON c.id = p.coordinating_agency_id LEFT JOIN agencies r ON r.id = p.recipient_agency_id
       WHERE p.code = $1`,
      [code],
    )) as Record<string, unknown>[];
    if (!plan) throw AppError.notFound(`Không tìm thấy kế hoạch có mã "${code}".`, 'PLAN_NOT_FOUND');
    const sections = (await this.dataSource.query(
      `SELECT s.code, s.title, s.position,
              ${money('s.capital_total')} AS total, ${money('s.capital_state_budget')} AS state_budget,
              ${money('s.capital_non_state_budget')} AS non_state_budget,
              (SELECT count(*)::int FROM tasks t WHERE t.section_id = s.id) AS task_count
       FROM plan_sections s WHERE s.plan_id = $1 ORDER BY s.position, s.code`,
      [plan.id],
    )) as {
      code: string;
      title: string;
      position: number;
      total: string;
      state_budget: string;
      non_state_budget: string;
      task_count: number;
    }[];
    const [sum] = (await this.dataSource.query(
      `SELECT ${money('coalesce(sum(capital_total), 0)')} AS total, ${money('coalesce(sum(capital_state_budget), 0)')} AS state_budget,
              ${money('coalesce(sum(capital_non_state_budget), 0)')} AS non_state_budget
       FROM plan_sections WHERE plan_id = $1`,
      [plan.id],
    )) as { total: string; state_budget: string; non_state_budget: string }[];
    return {
      id: plan.id as string,
      code: plan.code as string,
      title: plan.title as string,
      issuingBody: plan.issuing_body as string,
      legalBasis: plan.legal_basis as string | null,
      documentNumber: plan.document_number as string | null,
      documentDate: plan.document_date as string | null,
      startYear: plan.start_year as number,
      endYear: plan.end_year as number,
      coordinatingAgency: plan.coordinating_agency as AgencyRef,
      recipientAgency: plan.recipient_agency as AgencyRef | null,
      capital: { total: sum.total, stateBudget: sum.state_budget, nonStateBudget: sum.non_state_budget },
      sections: sections.map((s) => ({
        code: s.code,
        title: s.title,
        position: s.position,
        capital: { total: s.total, stateBudget: s.state_budget, nonStateBudget: s.non_state_budget },
        taskCount: s.task_count,
      })),
      taskCount: plan.task_count as number,
      indicatorCount: plan.indicator_count as number,
    };
  }

  /** Tasks in the order of the text (depth-first by position), with assignments and milestones. */
  async tasks(planCode: string, filter: { sectionCode?: string; taskCode?: string } = {}): Promise<TaskView[]> {
    const planId = await this.requireId(planCode);
    const rows = (await this.dataSource.query(
      `WITH RECURSIVE tree AS (
         SELECT t.id, t.parent_id, 0 AS depth, ARRAY[s.position::int, t.position] AS sort_path
         FROM tasks t LEFT JOIN plan_sections s ON s.id = t.section_id
         WHERE t.plan_id = $1 AND t.parent_id IS NULL
         UNION ALL
         SELECT c.id, c.parent_id, tree.depth + 1, tree.sort_path || c.position
         FROM tasks c JOIN tree ON c.parent_id = tree.id
       )
       SELECT t.code, t.title, t.kind, t.position, tree.depth, s.code AS section_code, p.code AS parent_code, t.note,
              t.timeline_kind, t.timeline_year, t.timeline_end_year, to_char(t.timeline_date, 'YYYY-MM-DD') AS timeline_date, t.timeline_text,
              ${money('t.capital_total')} AS capital_total, ${money('t.capital_state_budget')} AS capital_state_budget,
              ${money('t.capital_non_state_budget')} AS capital_non_state_budget,
              coalesce((SELECT json_agg(json_build_object('code', a.code, 'name', a.name, 'shortName', a.short_name, 'kind', a.kind) ORDER BY a.kind <> 'department', a.code)
                        FROM task_assignments ta JOIN agencies a ON a.id = ta.agency_id WHERE ta.task_id = t.id AND ta.role = 'lead'), '[]') AS lead,
              coalesce((SELECT json_agg(json_build_object('code', a.code, 'name', a.name, 'shortName', a.short_name, 'kind', a.kind) ORDER BY a.kind <> 'department', a.code)
                        FROM task_assignments ta JOIN agencies a ON a.id = ta.agency_id WHERE ta.task_id = t.id AND ta.role = 'cooperating'), '[]') AS cooperating,
              coalesce((SELECT json_agg(json_build_object('position', m.position, 'title', m.title, 'timeline_kind', m.timeline_kind,
                          'timeline_year', m.timeline_year, 'timeline_end_year', m.timeline_end_year,
                          'timeline_date', to_char(m.timeline_date, 'YYYY-MM-DD'), 'timeline_text', m.timeline_text) ORDER BY m.position)
                        FROM task_milestones m WHERE m.task_id = t.id), '[]') AS milestones
       FROM tree JOIN tasks t ON t.id = tree.id
       LEFT JOIN plan_sections s ON s.id = t.section_id
       LEFT JOIN tasks p ON p.id = t.parent_id
       WHERE ($2::text IS NULL OR s.code = $2) AND ($3::text IS NULL OR t.code = $3)
       ORDER BY tree.sort_path`,
      [planId, filter.sectionCode ?? null, filter.taskCode ?? null],
    )) as (TimelineRow & {
      code: string;
      title: string;
      kind: string;
      position: number;
      depth: number;
      section_code: string | null;
      parent_code: string | null;
      note: string | null;
      capital_total: string | null;
      capital_state_budget: string | null;
      capital_non_state_budget: string | null;
      lead: AgencyRef[];
      cooperating: AgencyRef[];
      milestones: (TimelineRow & { position: number; title: string })[];
    })[];
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
    const rows = (await this.dataSource.query(
      `SELECT i.code, i.name, i.unit, i.aggregation, t.code AS task_code,
              coalesce((SELECT json_agg(a.code ORDER BY a.code) FROM indicator_owners o JOIN agencies a ON a.id = o.agency_id WHERE o.indicator_id = i.id), '[]') AS owners,
              coalesce((SELECT json_agg(json_build_object('year', x.year, 'comparator', x.comparator, 'value', trim_scale(x.value)::text, 'note', x.note) ORDER BY x.year)
                        FROM indicator_targets x WHERE x.indicator_id = i.id), '[]') AS targets
       FROM indicators i LEFT JOIN tasks t ON t.id = i.task_id WHERE i.plan_id = $1 ORDER BY i.position, i.code`,
      [planId],
    )) as {
      code: string;
      name: string;
      unit: string;
      aggregation: string;
      task_code: string | null;
      owners: string[];
      targets: IndicatorView['targets'];
    }[];
    return rows.map((r) => ({
      code: r.code,
      name: r.name,
      unit: r.unit,
      aggregation: r.aggregation,
      taskCode: r.task_code,
      owners: r.owners,
      targets: r.targets,
    }));
  }
}
