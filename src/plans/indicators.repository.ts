import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SqlRepository } from '../database/sql-repository';

export interface IndicatorRecord {
  taskId: string | null;
  code: string;
  name: string;
  unit: string;
  aggregation: string;
  question: string | null;
}

/** What an update changes; undefined keeps the stored value, `taskId: null` detaches the task. */
export interface IndicatorChanges {
  name?: string;
  unit?: string;
  aggregation?: string;
  /** null clears it. */
  question?: string | null;
  position?: number;
  taskId?: string | null;
}

/** An indicator's stored rule: what indicatorRuleErrors checks an update against. */
export interface StoredRuleRow {
  aggregation: string;
  question: string | null;
  owner_count: number;
  targets: { value: string; valueTo: string | null }[];
}

export interface TargetRecord {
  year: number;
  comparator: string;
  value: string;
  /** The upper bound of a `between` target. */
  valueTo: string | null;
  note: string | null;
}

/** A plan's indicators, their owning agencies and yearly targets. */
@Injectable()
export class IndicatorsRepository extends SqlRepository {
  constructor(dataSource: DataSource) {
    super(dataSource);
  }

  async idByCode(planId: string, code: string, em?: EntityManager): Promise<string | null> {
    const row = await this.first<{ id: string }>('SELECT id FROM indicators WHERE plan_id = $1 AND code = $2', [planId, code], em);
    return row?.id ?? null;
  }

  /** The indicator's rule as stored: its aggregation, question, number of owners and targets. */
  storedRule(indicatorId: string, em?: EntityManager): Promise<StoredRuleRow | undefined> {
    return this.first<StoredRuleRow>(
      `SELECT i.aggregation, i.question, (SELECT count(*)::int FROM indicator_owners o WHERE o.indicator_id = i.id) AS owner_count,
         (SELECT coalesce(json_agg(json_build_object('value', trim_scale(t.value)::text, 'valueTo', trim_scale(t.value_to)::text) ORDER BY t.year), '[]')
          FROM indicator_targets t WHERE t.indicator_id = i.id) AS targets
       FROM indicators i WHERE i.id = $1`,
      [indicatorId],
      em,
    );
  }

  /** Adds an indicator; without a position it goes after the last one. Answers its id. */
  async insert(planId: string, i: IndicatorRecord & { position: number | null }, em?: EntityManager): Promise<string> {
    const row = await this.first<{ id: string }>(
      `INSERT INTO indicators (plan_id, task_id, code, name, unit, aggregation, question, position)
       VALUES ($1, $2, $3, $4, $5, $6, $8, coalesce($7, (SELECT coalesce(max(position), 0) + 1 FROM indicators WHERE plan_id = $1))) RETURNING id`,
      [planId, i.taskId, i.code, i.name, i.unit, i.aggregation, i.position, i.question],
      em,
    );
    return row!.id;
  }

  async update(indicatorId: string, c: IndicatorChanges, em?: EntityManager): Promise<void> {
    await this.change(
      `UPDATE indicators SET name = coalesce($2, name), unit = coalesce($3, unit), aggregation = coalesce($4, aggregation),
         position = coalesce($5, position), task_id = CASE WHEN $6 THEN $7::uuid ELSE task_id END,
         question = CASE WHEN $8 THEN $9 ELSE question END
       WHERE id = $1`,
      [
        indicatorId,
        c.name ?? null,
        c.unit ?? null,
        c.aggregation ?? null,
        c.position ?? null,
        c.taskId !== undefined,
        c.taskId ?? null,
        c.question !== undefined,
        c.question ?? null,
      ],
      em,
    );
  }

  /** Creates the indicator or replaces its fields (an import); answers its id. */
  async upsertByCode(planId: string, i: IndicatorRecord, position: number, em?: EntityManager): Promise<string> {
    const row = await this.first<{ id: string }>(
      `INSERT INTO indicators (plan_id, task_id, code, name, unit, aggregation, question, position) VALUES ($1, $2, $3, $4, $5, $6, $8, $7)
       ON CONFLICT (plan_id, code) DO UPDATE SET task_id = EXCLUDED.task_id, name = EXCLUDED.name, unit = EXCLUDED.unit,
         aggregation = EXCLUDED.aggregation, question = EXCLUDED.question, position = EXCLUDED.position
       RETURNING id`,
      [planId, i.taskId, i.code, i.name, i.unit, i.aggregation, position, i.question],
      em,
    );
    return row!.id;
  }

  /** Deletes the plan's indicators whose code is not among these. */
  async deleteIndicatorsNotIn(planId: string, codes: string[], em?: EntityManager): Promise<void> {
    await this.change('DELETE FROM indicators WHERE plan_id = $1 AND code <> ALL($2)', [planId, codes], em);
  }

  async replaceOwners(indicatorId: string, agencyIds: string[], em?: EntityManager): Promise<void> {
    await this.change('DELETE FROM indicator_owners WHERE indicator_id = $1', [indicatorId], em);
    await this.rows(
      'INSERT INTO indicator_owners (indicator_id, agency_id) SELECT $1::uuid, unnest($2::uuid[])',
      [indicatorId, agencyIds],
      em,
    );
  }

  /** Replaces the indicator's targets in one statement whatever their number. */
  async replaceTargets(indicatorId: string, targets: TargetRecord[], em?: EntityManager): Promise<void> {
    await this.change('DELETE FROM indicator_targets WHERE indicator_id = $1', [indicatorId], em);
    if (targets.length === 0) return;
    await this.rows(
      `INSERT INTO indicator_targets (indicator_id, year, comparator, value, value_to, note)
       SELECT $1::uuid, t.year, t.comparator, t.value, t.value_to, t.note
       FROM jsonb_to_recordset($2::jsonb) AS t(year int, comparator text, value numeric, value_to numeric, note text)`,
      [
        indicatorId,
        JSON.stringify(targets.map((t) => ({ year: t.year, comparator: t.comparator, value: t.value, value_to: t.valueTo, note: t.note }))),
      ],
      em,
    );
  }

  /** Codes, among these, of the plan's indicators that have reported values. */
  async reportedIndicatorCodes(planId: string, codes: string[], em?: EntityManager): Promise<string[]> {
    const rows = await this.rows<{ code: string }>(
      `SELECT DISTINCT i.code FROM indicators i JOIN report_indicator_values v ON v.indicator_id = i.id WHERE i.plan_id = $1 AND i.code = ANY($2) ORDER BY i.code`,
      [planId, codes],
      em,
    );
    return rows.map((r) => r.code);
  }
}
