import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SqlRepository } from '../database/sql-repository';
import type { CapitalPhaseSpan } from './capital-phases';

/** A stored phase of a plan. */
export interface CapitalPhaseRow {
  id: string;
  start_year: number;
  end_year: number;
}

/** One section's or task's capital in one phase, as exact decimal text (trailing zeros dropped). */
export interface PhaseCapitalRow {
  phase_id: string;
  section_id: string | null;
  task_id: string | null;
  /** The section's or task's code. */
  code: string;
  total: string | null;
  state_budget: string | null;
  non_state_budget: string | null;
}

/** What the import writes for one section or task in one phase. */
export interface PhaseCapitalRecord {
  phaseId: string;
  sectionId: string | null;
  taskId: string | null;
  total: string | null;
  stateBudget: string | null;
  nonStateBudget: string | null;
}

/** A plan's capital phases and the per-phase capital of its sections and tasks. */
@Injectable()
export class CapitalPhasesRepository extends SqlRepository {
  constructor(dataSource: DataSource) {
    super(dataSource);
  }

  /** The plan's phases in order. */
  phasesOf(planId: string, em?: EntityManager): Promise<CapitalPhaseRow[]> {
    return this.rows<CapitalPhaseRow>(
      'SELECT id, start_year, end_year FROM plan_capital_phases WHERE plan_id = $1 ORDER BY position, start_year',
      [planId],
      em,
    );
  }

  /**
   * Replaces the plan's phases (their capital rows go with them); answers the new phases' ids in
   * the given order.
   */
  async replacePhases(planId: string, phases: CapitalPhaseSpan[], em?: EntityManager): Promise<string[]> {
    await this.change('DELETE FROM plan_capital_phases WHERE plan_id = $1', [planId], em);
    if (phases.length === 0) return [];
    const { rows } = await this.change<{ id: string; position: number }>(
      `INSERT INTO plan_capital_phases (plan_id, position, start_year, end_year)
       SELECT $1, p.position, p.start_year, p.end_year FROM unnest($2::int[], $3::int[], $4::int[]) AS p(position, start_year, end_year)
       ORDER BY p.position RETURNING id, position`,
      [planId, phases.map((_, i) => i + 1), phases.map((p) => p.startYear), phases.map((p) => p.endYear)],
      em,
    );
    return rows.sort((a, b) => a.position - b.position).map((r) => r.id);
  }

  /** Inserts per-phase capital rows (one statement). */
  async insertPhaseCapital(records: PhaseCapitalRecord[], em?: EntityManager): Promise<void> {
    if (records.length === 0) return;
    await this.change(
      `INSERT INTO plan_phase_capital (phase_id, section_id, task_id, total, state_budget, non_state_budget)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::numeric[], $5::numeric[], $6::numeric[])`,
      [
        records.map((r) => r.phaseId),
        records.map((r) => r.sectionId),
        records.map((r) => r.taskId),
        records.map((r) => r.total),
        records.map((r) => r.stateBudget),
        records.map((r) => r.nonStateBudget),
      ],
      em,
    );
  }

  /** Each phase of the plan with the sum of its sections' figures (null where no section gives one), in order. */
  phaseTotalsOf(
    planId: string,
    em?: EntityManager,
  ): Promise<(CapitalPhaseRow & Omit<PhaseCapitalRow, 'phase_id' | 'section_id' | 'task_id' | 'code'>)[]> {
    return this.rows(
      `SELECT ph.id, ph.start_year, ph.end_year, trim_scale(sum(c.total))::text AS total,
              trim_scale(sum(c.state_budget))::text AS state_budget, trim_scale(sum(c.non_state_budget))::text AS non_state_budget
       FROM plan_capital_phases ph LEFT JOIN plan_phase_capital c ON c.phase_id = ph.id AND c.section_id IS NOT NULL
       WHERE ph.plan_id = $1 GROUP BY ph.id ORDER BY ph.position, ph.start_year`,
      [planId],
      em,
    );
  }

  /** Every per-phase capital row of the plan's sections and tasks, by phase order. */
  capitalOfPlan(planId: string, em?: EntityManager): Promise<PhaseCapitalRow[]> {
    return this.rows<PhaseCapitalRow>(
      `SELECT c.phase_id, c.section_id, c.task_id, coalesce(s.code, t.code) AS code,
              trim_scale(c.total)::text AS total, trim_scale(c.state_budget)::text AS state_budget,
              trim_scale(c.non_state_budget)::text AS non_state_budget
       FROM plan_phase_capital c JOIN plan_capital_phases ph ON ph.id = c.phase_id
       LEFT JOIN plan_sections s ON s.id = c.section_id LEFT JOIN tasks t ON t.id = c.task_id
       WHERE ph.plan_id = $1 ORDER BY ph.position, code`,
      [planId],
      em,
    );
  }
}
