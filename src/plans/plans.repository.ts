import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SqlRepository } from '../database/sql-repository';
import { IDENTITY_COLUMNS_SQL, identityParams, IdentityRow, PlanIdentitySettings } from './plan-identity';
import type { AgencyRef, TimelineRow } from './plan-views';

/** trim_scale drops the numeric scale's trailing zeros: 93243.100 -> 93243.1 */
const money = (expr: string) => `trim_scale(${expr})::text`;

/** An agency as the plan views embed it. */
const AGENCY_JSON = (alias: string) => `json_build_object('code', ${alias}.code, 'name', ${alias}.name, 'shortName', ${alias}.short_name)`;

export interface PlanSummaryRow {
  code: string;
  title: string;
  issuing_body: string;
  start_year: number;
  end_year: number;
  coordinating_agency: AgencyRef;
}

export interface PlanDetailRow extends PlanSummaryRow, IdentityRow {
  id: string;
  legal_basis: string | null;
  document_number: string | null;
  document_date: string | null;
  recipient_agency: AgencyRef | null;
  task_count: number;
  indicator_count: number;
}

export interface SectionRow {
  code: string;
  title: string;
  position: number;
  total: string;
  state_budget: string;
  non_state_budget: string;
  task_count: number;
}

/** Capital as exact decimal text. */
export interface CapitalRow {
  total: string;
  state_budget: string;
  non_state_budget: string;
}

export interface TaskViewRow extends TimelineRow {
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
}

export interface IndicatorViewRow {
  code: string;
  name: string;
  unit: string;
  aggregation: string;
  question: string | null;
  task_code: string | null;
  owners: string[];
  targets: { year: number; comparator: string; value: string; valueTo: string | null; note: string | null }[];
}

/** A plan row locked for the rest of the transaction. */
export interface LockedPlan {
  id: string;
  code: string;
  startYear: number;
  endYear: number;
}

/** A plan's own fields, its agencies resolved to ids. */
export interface PlanRecord {
  code: string;
  title: string;
  issuingBody: string;
  legalBasis: string | null;
  documentNumber: string | null;
  documentDate: string | null;
  startYear: number;
  endYear: number;
  coordinatingAgencyId: string;
  recipientAgencyId: string | null;
  identity: PlanIdentitySettings;
}

/** A plan's identity settings and the agencies its identity is derived from. */
export interface IdentitySourceRow extends IdentityRow {
  coordinating_code: string;
  coordinating_name: string;
  coordinating_short_name: string;
  parent_name: string | null;
  recipient_name: string | null;
  recipient_short_name: string | null;
}

/** What an administrator changes on a plan: undefined keeps, null clears (where the column may be empty). */
export interface PlanFieldChanges {
  title?: string;
  issuingBody?: string;
  legalBasis?: string | null;
  documentNumber?: string | null;
  documentDate?: string | null;
  startYear: number;
  endYear: number;
  coordinatingAgencyId?: string;
  recipientAgencyId?: string | null;
}

export interface SectionRecord {
  code: string;
  title: string;
  capitalTotal: string;
  capitalStateBudget: string;
  capitalNonStateBudget: string;
}

/** A section as an update will leave its capital: given values over the stored ones. */
export interface SectionCapitalRow extends CapitalRow {
  id: string;
}

export interface PlanWithTaskCount {
  code: string;
  title: string;
  start_year: number;
  end_year: number;
  tasks: number;
}

export interface PlanRef {
  id: string;
  code: string;
  title: string;
}

/** Plans and their sections (appendices); the plan read views. */
@Injectable()
export class PlansRepository extends SqlRepository {
  constructor(dataSource: DataSource) {
    super(dataSource);
  }

  /** Every plan with its coordinating agency, newest first. */
  listPlans(em?: EntityManager): Promise<PlanSummaryRow[]> {
    return this.rows<PlanSummaryRow>(
      `SELECT p.code, p.title, p.issuing_body, p.start_year, p.end_year, ${AGENCY_JSON('a')} AS coordinating_agency
       FROM plans p JOIN agencies a ON a.id = p.coordinating_agency_id ORDER BY p.start_year DESC, p.code`,
      [],
      em,
    );
  }

  /** Every plan with its number of tasks, newest first (the administrators' plan page). */
  listPlansWithTaskCounts(em?: EntityManager): Promise<PlanWithTaskCount[]> {
    return this.rows<PlanWithTaskCount>(
      `SELECT p.code, p.title, p.start_year, p.end_year, (SELECT count(*) FROM tasks t WHERE t.plan_id = p.id)::int AS tasks
       FROM plans p ORDER BY p.start_year DESC, p.code`,
      [],
      em,
    );
  }

  /** Every plan's id, code and title, by code. */
  planRefs(em?: EntityManager): Promise<PlanRef[]> {
    return this.rows<PlanRef>('SELECT id, code, title FROM plans ORDER BY code', [], em);
  }

  /** Every plan's id. */
  async allPlanIds(em?: EntityManager): Promise<string[]> {
    return (await this.rows<{ id: string }>('SELECT id FROM plans', [], em)).map((r) => r.id);
  }

  async idByCode(code: string, em?: EntityManager): Promise<string | undefined> {
    return (await this.first<{ id: string }>('SELECT id FROM plans WHERE code = $1', [code], em))?.id;
  }

  async codeExists(code: string, em?: EntityManager): Promise<boolean> {
    return (await this.first('SELECT 1 FROM plans WHERE code = $1', [code], em)) !== undefined;
  }

  /** The plan's years, or undefined for no such plan. */
  async yearsOf(planId: string, em?: EntityManager): Promise<{ startYear: number; endYear: number } | undefined> {
    const row = await this.first<{ start_year: number; end_year: number }>(
      'SELECT start_year, end_year FROM plans WHERE id = $1',
      [planId],
      em,
    );
    return row && { startYear: row.start_year, endYear: row.end_year };
  }

  planDetail(code: string, em?: EntityManager): Promise<PlanDetailRow | undefined> {
    return this.first<PlanDetailRow>(
      `SELECT p.id, p.code, p.title, p.issuing_body, p.legal_basis, p.document_number, to_char(p.document_date, 'YYYY-MM-DD') AS document_date,
              p.start_year, p.end_year,
              ${AGENCY_JSON('c')} AS coordinating_agency,
              CASE WHEN r.id IS NULL THEN NULL ELSE ${AGENCY_JSON('r')} END AS recipient_agency,
              (SELECT count(*)::int FROM tasks t WHERE t.plan_id = p.id) AS task_count,
              (SELECT count(*)::int FROM indicators i WHERE i.plan_id = p.id) AS indicator_count,
              ${IDENTITY_COLUMNS_SQL}
       FROM plans p JOIN agencies c ON c.id = p.coordinating_agency_id LEFT JOIN agencies r ON r.id = p.recipient_agency_id
       WHERE p.code = $1`,
      [code],
      em,
    );
  }

  /** The plan's sections by position, with their capital needs and task counts. */
  sectionsOf(planId: string, em?: EntityManager): Promise<SectionRow[]> {
    return this.rows<SectionRow>(
      `SELECT s.code, s.title, s.position,
              ${money('s.capital_total')} AS total, ${money('s.capital_state_budget')} AS state_budget,
              ${money('s.capital_non_state_budget')} AS non_state_budget,
              (SELECT count(*)::int FROM tasks t WHERE t.section_id = s.id) AS task_count
       FROM plan_sections s WHERE s.plan_id = $1 ORDER BY s.position, s.code`,
      [planId],
      em,
    );
  }

  /** The plan's capital need: the sum over its sections. */
  async capitalOf(planId: string, em?: EntityManager): Promise<CapitalRow> {
    const row = await this.first<CapitalRow>(
      `SELECT ${money('coalesce(sum(capital_total), 0)')} AS total, ${money('coalesce(sum(capital_state_budget), 0)')} AS state_budget,
              ${money('coalesce(sum(capital_non_state_budget), 0)')} AS non_state_budget
       FROM plan_sections WHERE plan_id = $1`,
      [planId],
      em,
    );
    return row!;
  }

  /**
   * The plan's tasks in plan order (`plan_task_order`), with their assignments and milestones;
   * optionally only one section's or one task.
   */
  tasksInPlanOrder(planId: string, filter: { sectionCode?: string; taskCode?: string } = {}, em?: EntityManager): Promise<TaskViewRow[]> {
    return this.rows<TaskViewRow>(
      `SELECT t.code, t.title, t.kind, t.position, o.depth, s.code AS section_code, p.code AS parent_code, t.note,
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
       FROM plan_task_order($1) o JOIN tasks t ON t.id = o.task_id
       LEFT JOIN plan_sections s ON s.id = t.section_id
       LEFT JOIN tasks p ON p.id = t.parent_id
       WHERE ($2::text IS NULL OR s.code = $2) AND ($3::text IS NULL OR t.code = $3)
       ORDER BY o.sort_path`,
      [planId, filter.sectionCode ?? null, filter.taskCode ?? null],
      em,
    );
  }

  /** The plan's indicators by position, with their owners and yearly targets. */
  indicatorsOf(planId: string, em?: EntityManager): Promise<IndicatorViewRow[]> {
    return this.rows<IndicatorViewRow>(
      `SELECT i.code, i.name, i.unit, i.aggregation, i.question, t.code AS task_code,
              coalesce((SELECT json_agg(a.code ORDER BY a.code) FROM indicator_owners o JOIN agencies a ON a.id = o.agency_id WHERE o.indicator_id = i.id), '[]') AS owners,
              coalesce((SELECT json_agg(json_build_object('year', x.year, 'comparator', x.comparator, 'value', trim_scale(x.value)::text,
                                                   'valueTo', trim_scale(x.value_to)::text, 'note', x.note) ORDER BY x.year)
                        FROM indicator_targets x WHERE x.indicator_id = i.id), '[]') AS targets
       FROM indicators i LEFT JOIN tasks t ON t.id = i.task_id WHERE i.plan_id = $1 ORDER BY i.position, i.code`,
      [planId],
      em,
    );
  }

  /** The plan row by code, locked (FOR UPDATE) for the rest of the transaction; undefined when none. */
  async lockByCode(code: string, em?: EntityManager): Promise<LockedPlan | undefined> {
    const row = await this.first<{ id: string; code: string; start_year: number; end_year: number }>(
      'SELECT id, code, start_year, end_year FROM plans WHERE code = $1 FOR UPDATE',
      [code],
      em,
    );
    return row && { id: row.id, code: row.code, startYear: row.start_year, endYear: row.end_year };
  }

  async insert(p: PlanRecord, em?: EntityManager): Promise<void> {
    await this.rows(
      `INSERT INTO plans (code, title, issuing_body, legal_basis, document_number, document_date, start_year, end_year,
         coordinating_agency_id, recipient_agency_id, jurisdiction, body_kind, letterhead_parent, number_symbol, place_name,
         signer_authority, signer_title, signer_name, storage_line, sender_name, sender_email)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)`,
      [
        p.code,
        p.title,
        p.issuingBody,
        p.legalBasis,
        p.documentNumber,
        p.documentDate,
        p.startYear,
        p.endYear,
        p.coordinatingAgencyId,
        p.recipientAgencyId,
        ...identityParams(p.identity),
      ],
      em,
    );
  }

  async update(planId: string, c: PlanFieldChanges, em?: EntityManager): Promise<void> {
    await this.change(
      `UPDATE plans SET
         title = coalesce($2, title), issuing_body = coalesce($3, issuing_body),
         legal_basis = CASE WHEN $4 THEN $5 ELSE legal_basis END,
         document_number = CASE WHEN $6 THEN $7 ELSE document_number END,
         document_date = CASE WHEN $8 THEN $9::date ELSE document_date END,
         start_year = $10, end_year = $11,
         coordinating_agency_id = coalesce($12, coordinating_agency_id),
         recipient_agency_id = CASE WHEN $13 THEN $14::uuid ELSE recipient_agency_id END,
         updated_at = now()
       WHERE id = $1`,
      [
        planId,
        c.title ?? null,
        c.issuingBody ?? null,
        c.legalBasis !== undefined,
        c.legalBasis ?? null,
        c.documentNumber !== undefined,
        c.documentNumber ?? null,
        c.documentDate !== undefined,
        c.documentDate ?? null,
        c.startYear,
        c.endYear,
        c.coordinatingAgencyId ?? null,
        c.recipientAgencyId !== undefined,
        c.recipientAgencyId ?? null,
      ],
      em,
    );
  }

  /** Replaces every identity setting of the plan. */
  async updateIdentity(planId: string, identity: PlanIdentitySettings, em?: EntityManager): Promise<void> {
    await this.change(
      `UPDATE plans SET jurisdiction = $2, body_kind = $3, letterhead_parent = $4, number_symbol = $5, place_name = $6,
         signer_authority = $7, signer_title = $8, signer_name = $9, storage_line = $10, sender_name = $11, sender_email = $12,
         updated_at = now()
       WHERE id = $1`,
      [planId, ...identityParams(identity)],
      em,
    );
  }

  /** Creates the plan or replaces its fields (an import); answers its id. */
  async upsertByCode(p: PlanRecord, em?: EntityManager): Promise<string> {
    const row = await this.first<{ id: string }>(
      `INSERT INTO plans (code, title, issuing_body, document_number, document_date, legal_basis, start_year, end_year, coordinating_agency_id,
                          recipient_agency_id, jurisdiction, body_kind, letterhead_parent, number_symbol, place_name, signer_authority,
                          signer_title, signer_name, storage_line, sender_name, sender_email)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)
       ON CONFLICT (code) DO UPDATE SET title = EXCLUDED.title, issuing_body = EXCLUDED.issuing_body, document_number = EXCLUDED.document_number,
         document_date = EXCLUDED.document_date, legal_basis = EXCLUDED.legal_basis, start_year = EXCLUDED.start_year, end_year = EXCLUDED.end_year,
         coordinating_agency_id = EXCLUDED.coordinating_agency_id, recipient_agency_id = EXCLUDED.recipient_agency_id,
         jurisdiction = EXCLUDED.jurisdiction, body_kind = EXCLUDED.body_kind, letterhead_parent = EXCLUDED.letterhead_parent,
         number_symbol = EXCLUDED.number_symbol, place_name = EXCLUDED.place_name, signer_authority = EXCLUDED.signer_authority,
         signer_title = EXCLUDED.signer_title, signer_name = EXCLUDED.signer_name, storage_line = EXCLUDED.storage_line,
         sender_name = EXCLUDED.sender_name, sender_email = EXCLUDED.sender_email, updated_at = now()
       RETURNING id`,
      [
        p.code,
        p.title,
        p.issuingBody,
        p.documentNumber,
        p.documentDate,
        p.legalBasis,
        p.startYear,
        p.endYear,
        p.coordinatingAgencyId,
        p.recipientAgencyId,
        ...identityParams(p.identity),
      ],
      em,
    );
    return row!.id;
  }

  /** The plan's identity settings with its coordinating agency (and that agency's parent) and recipient. */
  identitySource(planId: string, em?: EntityManager): Promise<IdentitySourceRow | undefined> {
    return this.first<IdentitySourceRow>(
      `SELECT ${IDENTITY_COLUMNS_SQL}, c.code AS coordinating_code, c.name AS coordinating_name, c.short_name AS coordinating_short_name,
              cp.name AS parent_name, r.name AS recipient_name, r.short_name AS recipient_short_name
       FROM plans p JOIN agencies c ON c.id = p.coordinating_agency_id LEFT JOIN agencies cp ON cp.id = c.parent_id
       LEFT JOIN agencies r ON r.id = p.recipient_agency_id
       WHERE p.id = $1`,
      [planId],
      em,
    );
  }

  /** The first indicator target (by year, then code) outside these years, if any. */
  firstTargetOutside(
    planId: string,
    startYear: number,
    endYear: number,
    em?: EntityManager,
  ): Promise<{ code: string; year: number } | undefined> {
    return this.first<{ code: string; year: number }>(
      `SELECT i.code, x.year FROM indicator_targets x JOIN indicators i ON i.id = x.indicator_id
       WHERE i.plan_id = $1 AND (x.year < $2 OR x.year > $3) ORDER BY x.year, i.code LIMIT 1`,
      [planId, startYear, endYear],
      em,
    );
  }

  /** Exact decimal comparison done by Postgres, never through a float: total = state + non-state. */
  async capitalAddsUp(total: string, stateBudget: string, nonStateBudget: string, em?: EntityManager): Promise<boolean> {
    const row = await this.first<{ ok: boolean }>(
      'SELECT $1::numeric = $2::numeric + $3::numeric AS ok',
      [total, stateBudget, nonStateBudget],
      em,
    );
    return row!.ok;
  }

  async sectionIdByCode(planId: string, code: string, em?: EntityManager): Promise<string | null> {
    const row = await this.first<{ id: string }>('SELECT id FROM plan_sections WHERE plan_id = $1 AND code = $2', [planId, code], em);
    return row?.id ?? null;
  }

  /** Adds a section; without a position it goes after the last one. */
  async insertSection(planId: string, s: SectionRecord & { position: number | null }, em?: EntityManager): Promise<void> {
    await this.rows(
      `INSERT INTO plan_sections (plan_id, code, title, position, capital_total, capital_state_budget, capital_non_state_budget)
       VALUES ($1, $2, $3, coalesce($4, (SELECT coalesce(max(position), 0) + 1 FROM plan_sections WHERE plan_id = $1)), $5, $6, $7)`,
      [planId, s.code, s.title, s.position, s.capitalTotal, s.capitalStateBudget, s.capitalNonStateBudget],
      em,
    );
  }

  /** The section's id and the capital it will have once the given values (null: keep) replace the stored ones. */
  sectionCapitalAfter(
    planId: string,
    code: string,
    given: { total: string | null; stateBudget: string | null; nonStateBudget: string | null },
    em?: EntityManager,
  ): Promise<SectionCapitalRow | undefined> {
    return this.first<SectionCapitalRow>(
      `SELECT id, trim_scale(coalesce($3::numeric, capital_total))::text AS total,
              trim_scale(coalesce($4::numeric, capital_state_budget))::text AS state_budget,
              trim_scale(coalesce($5::numeric, capital_non_state_budget))::text AS non_state_budget
       FROM plan_sections WHERE plan_id = $1 AND code = $2`,
      [planId, code, given.total, given.stateBudget, given.nonStateBudget],
      em,
    );
  }

  /** Changes a section: title and position when given, the capital always (as merged by sectionCapitalAfter). */
  async updateSection(
    sectionId: string,
    c: { title: string | null; position: number | null; capital: CapitalRow },
    em?: EntityManager,
  ): Promise<void> {
    await this.change(
      `UPDATE plan_sections SET title = coalesce($2, title), position = coalesce($3, position),
         capital_total = $4, capital_state_budget = $5, capital_non_state_budget = $6
       WHERE id = $1`,
      [sectionId, c.title, c.position, c.capital.total, c.capital.state_budget, c.capital.non_state_budget],
      em,
    );
  }

  /** Creates the section or replaces its fields (an import); answers its id. */
  async upsertSection(planId: string, s: SectionRecord, position: number, em?: EntityManager): Promise<string> {
    const row = await this.first<{ id: string }>(
      `INSERT INTO plan_sections (plan_id, code, title, position, capital_total, capital_state_budget, capital_non_state_budget)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (plan_id, code) DO UPDATE SET title = EXCLUDED.title, position = EXCLUDED.position, capital_total = EXCLUDED.capital_total,
         capital_state_budget = EXCLUDED.capital_state_budget, capital_non_state_budget = EXCLUDED.capital_non_state_budget
       RETURNING id`,
      [planId, s.code, s.title, position, s.capitalTotal, s.capitalStateBudget, s.capitalNonStateBudget],
      em,
    );
    return row!.id;
  }

  /** Deletes the plan's sections whose code is not among these. */
  async deleteSectionsNotIn(planId: string, codes: string[], em?: EntityManager): Promise<void> {
    await this.change('DELETE FROM plan_sections WHERE plan_id = $1 AND code <> ALL($2)', [planId, codes], em);
  }
}
