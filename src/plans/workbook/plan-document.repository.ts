import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SqlRepository } from '../../database/sql-repository';
import type { Aggregation } from '../indicator.entity';
import { IDENTITY_COLUMNS_SQL, IdentityRow } from '../plan-identity';
import type { Comparator } from '../indicator-target.entity';
import type { TaskKind } from '../task.entity';

/** A plan's own fields, its agencies by code, dates as YYYY-MM-DD. */
export interface PlanHeaderRow extends IdentityRow {
  id: string;
  code: string;
  title: string;
  issuing_body: string;
  document_number: string | null;
  document_date: string | null;
  legal_basis: string | null;
  start_year: number;
  end_year: number;
  coordinating: string;
  recipient: string | null;
}

/** Capital columns as Postgres numeric text (scale kept). */
export interface SectionDocumentRow {
  id: string;
  code: string;
  title: string;
  capital_total: string;
  capital_state_budget: string;
  capital_non_state_budget: string;
}

export interface TimelineColumnsRow {
  timeline_kind: string | null;
  timeline_year: number | null;
  timeline_end_year: number | null;
  timeline_date: string | null;
  timeline_text: string | null;
}

export interface TaskDocumentRow extends TimelineColumnsRow {
  id: string;
  code: string;
  title: string;
  kind: TaskKind;
  section_id: string | null;
  parent_id: string | null;
  capital_total: string | null;
  capital_state_budget: string | null;
  capital_non_state_budget: string | null;
  note: string | null;
  /** Agency codes, each list by code. */
  leads: string[];
  cooperating: string[];
}

export interface MilestoneDocumentRow extends TimelineColumnsRow {
  task_id: string;
  title: string;
}

export interface IndicatorDocumentRow {
  id: string;
  code: string;
  name: string;
  unit: string;
  aggregation: Aggregation;
  question: string | null;
  task_code: string | null;
  owners: string[];
  targets: { year: number; comparator: Comparator; value: string; value_to: string | null; note: string | null }[];
}

/** A stored plan read back as the rows of a plan document (the workbook export, the import's "before"). */
@Injectable()
export class PlanDocumentRepository extends SqlRepository {
  constructor(dataSource: DataSource) {
    super(dataSource);
  }

  planHeader(planCode: string, em?: EntityManager): Promise<PlanHeaderRow | undefined> {
    return this.first<PlanHeaderRow>(
      `SELECT p.id, p.code, p.title, p.issuing_body, p.document_number, to_char(p.document_date, 'YYYY-MM-DD') AS document_date,
              p.legal_basis, p.start_year, p.end_year, c.code AS coordinating, r.code AS recipient, ${IDENTITY_COLUMNS_SQL}
       FROM plans p JOIN agencies c ON c.id = p.coordinating_agency_id LEFT JOIN agencies r ON r.id = p.recipient_agency_id
       WHERE p.code = $1`,
      [planCode],
      em,
    );
  }

  /** The plan's sections by position, then code. */
  sections(planId: string, em?: EntityManager): Promise<SectionDocumentRow[]> {
    return this.rows<SectionDocumentRow>(
      `SELECT id, code, title, capital_total, capital_state_budget, capital_non_state_budget FROM plan_sections WHERE plan_id = $1 ORDER BY position, code`,
      [planId],
      em,
    );
  }

  /** The plan's tasks in plan order (`plan_task_order`; the caller hangs them under their parents). */
  tasks(planId: string, em?: EntityManager): Promise<TaskDocumentRow[]> {
    return this.rows<TaskDocumentRow>(
      `SELECT t.id, t.code, t.title, t.kind, t.section_id, t.parent_id, t.timeline_kind, t.timeline_year, t.timeline_end_year,
              to_char(t.timeline_date, 'YYYY-MM-DD') AS timeline_date, t.timeline_text, t.capital_total, t.capital_state_budget,
              t.capital_non_state_budget, t.note,
              coalesce((SELECT array_agg(a.code ORDER BY a.code) FROM task_assignments ta JOIN agencies a ON a.id = ta.agency_id
                        WHERE ta.task_id = t.id AND ta.role = 'lead'), '{}') AS leads,
              coalesce((SELECT array_agg(a.code ORDER BY a.code) FROM task_assignments ta JOIN agencies a ON a.id = ta.agency_id
                        WHERE ta.task_id = t.id AND ta.role = 'cooperating'), '{}') AS cooperating
       FROM tasks t JOIN plan_task_order($1) o ON o.task_id = t.id WHERE t.plan_id = $1 ORDER BY o.sort_path`,
      [planId],
      em,
    );
  }

  /** Milestones of the plan's tasks, each task's by position. */
  milestones(planId: string, em?: EntityManager): Promise<MilestoneDocumentRow[]> {
    return this.rows<MilestoneDocumentRow>(
      `SELECT m.task_id, m.title, m.timeline_kind, m.timeline_year, m.timeline_end_year, to_char(m.timeline_date, 'YYYY-MM-DD') AS timeline_date, m.timeline_text
       FROM task_milestones m JOIN tasks t ON t.id = m.task_id WHERE t.plan_id = $1 ORDER BY m.position`,
      [planId],
      em,
    );
  }

  /** The plan's indicators by position, with owner codes and targets by year. */
  indicators(planId: string, em?: EntityManager): Promise<IndicatorDocumentRow[]> {
    return this.rows<IndicatorDocumentRow>(
      `SELECT i.id, i.code, i.name, i.unit, i.aggregation, i.question, t.code AS task_code,
              coalesce((SELECT array_agg(a.code ORDER BY a.code) FROM indicator_owners o JOIN agencies a ON a.id = o.agency_id WHERE o.indicator_id = i.id), '{}') AS owners,
              coalesce((SELECT jsonb_agg(jsonb_build_object('year', x.year, 'comparator', x.comparator, 'value', x.value::text, 'value_to', x.value_to::text, 'note', x.note) ORDER BY x.year)
                        FROM indicator_targets x WHERE x.indicator_id = i.id), '[]') AS targets
       FROM indicators i LEFT JOIN tasks t ON t.id = i.task_id WHERE i.plan_id = $1 ORDER BY i.position, i.code`,
      [planId],
      em,
    );
  }
}
