import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SqlRepository } from '../database/sql-repository';

/** A task of the period's plan with its capital need and its section's (tỷ đồng, decimal strings). */
export interface TaskNeedRow {
  code: string;
  title: string;
  task_need: string | null;
  section_code: string | null;
  section_need: string | null;
}

/** The figures of an entry as stored (money as decimal strings). */
export interface StoredFiguresRow {
  task_code: string;
  percent_complete: number | null;
  capital_allocated: string | null;
  capital_allocated_state_budget: string | null;
  capital_disbursed: string | null;
  capital_disbursed_state_budget: string | null;
}

/** An entry of a received report, with who sent it and what its task needs. */
export interface ReceivedEntryRow extends StoredFiguresRow, Omit<TaskNeedRow, 'code'> {
  report_id: string;
  agency_code: string;
  agency_name: string;
}

const FIGURES = `e.percent_complete, trim_scale(e.capital_allocated)::text AS capital_allocated,
  trim_scale(e.capital_allocated_state_budget)::text AS capital_allocated_state_budget,
  trim_scale(e.capital_disbursed)::text AS capital_disbursed,
  trim_scale(e.capital_disbursed_state_budget)::text AS capital_disbursed_state_budget`;

const NEEDS = `trim_scale(t.capital_total)::text AS task_need, s.code AS section_code, trim_scale(s.capital_total)::text AS section_need`;

/**
 * The needs of the period's (\`$1\`) tasks named in a save's entries (\`$6\`, jsonb), as one JSON
 * array of TaskNeedRow: asked in the save's own statement so that the plausibility check of the
 * saved figures costs no round trip of its own (tasks and sections are not what a save writes).
 */
export const SAVED_TASK_NEEDS = `(SELECT coalesce(json_agg(json_build_object('code', t.code, 'title', t.title,
    'task_need', trim_scale(t.capital_total)::text, 'section_code', s.code, 'section_need', trim_scale(s.capital_total)::text)), '[]')
  FROM reporting_periods p JOIN tasks t ON t.plan_id = p.plan_id LEFT JOIN plan_sections s ON s.id = t.section_id
  WHERE p.id = $1 AND t.code IN (SELECT x->>'taskCode' FROM jsonb_array_elements(coalesce($6::jsonb, '[]')) x))`;

/** Reads for the plausibility rules: the stored figures of a report and the needs of its tasks. */
@Injectable()
export class PlausibilityRepository extends SqlRepository {
  constructor(dataSource: DataSource) {
    super(dataSource);
  }

  /** The tasks of the period's plan with these codes, their needs and their sections' needs. */
  taskNeeds(periodId: string, codes: string[], em?: EntityManager): Promise<TaskNeedRow[]> {
    return this.rows<TaskNeedRow>(
      `SELECT t.code, t.title, ${NEEDS}
       FROM reporting_periods p JOIN tasks t ON t.plan_id = p.plan_id LEFT JOIN plan_sections s ON s.id = t.section_id
       WHERE p.id = $1 AND t.code = ANY($2::text[])`,
      [periodId, codes],
      em,
    );
  }

  /** Every entry of the period's received reports (sent or accepted) with a figure, by agency then task. */
  receivedEntries(periodId: string, em?: EntityManager): Promise<ReceivedEntryRow[]> {
    return this.rows<ReceivedEntryRow>(
      `SELECT r.id AS report_id, a.code AS agency_code, a.name AS agency_name, t.code AS task_code, t.title, ${NEEDS}, ${FIGURES}
       FROM agency_reports r
       JOIN agencies a ON a.id = r.agency_id
       JOIN report_task_entries e ON e.report_id = r.id
       JOIN tasks t ON t.id = e.task_id
       LEFT JOIN plan_sections s ON s.id = t.section_id
       WHERE r.period_id = $1 AND r.state IN ('submitted', 'accepted')
         AND num_nonnulls(e.percent_complete, e.capital_allocated, e.capital_allocated_state_budget,
                          e.capital_disbursed, e.capital_disbursed_state_budget) > 0
       ORDER BY a.name, s.position NULLS LAST, t.position, t.code`,
      [periodId],
      em,
    );
  }
}
