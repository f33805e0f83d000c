import type { DataWindowRule } from './regime.types';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SqlRepository } from '../database/sql-repository';
import type { PlannedPeriod } from './calendar';

/** A period with its kind, dates as YYYY-MM-DD and instants as Date. */
export interface PeriodRow {
  id: string;
  kind: string;
  kind_name: string;
  year: number;
  slot: number;
  label: string;
  data_from: string | null;
  data_to: string | null;
  opens_at: Date;
  due_at: Date;
  consolidation_due_at: Date | null;
  /** As the calendar events last recorded it (a document period closed as received stays closed). */
  state: 'upcoming' | 'open' | 'due' | 'closed';
  form: 'tasks' | 'document';
  frequency: string;
  data_window: DataWindowRule | null;
}

const SELECT_PERIOD = `SELECT p.id, k.code AS kind, k.name AS kind_name, p.year, p.slot, p.label,
       to_char(p.data_from, 'YYYY-MM-DD') AS data_from, to_char(p.data_to, 'YYYY-MM-DD') AS data_to,
       p.opens_at, p.due_at, p.consolidation_due_at, p.state, k.form, k.frequency, k.data_window
     FROM reporting_periods p JOIN report_kinds k ON k.id = p.report_kind_id`;

/** The (year, slot) pairs of planned periods, as the jsonb the statements below unpack. */
const slotsJson = (periods: Pick<PlannedPeriod, 'year' | 'slot'>[]) => JSON.stringify(periods.map((p) => ({ year: p.year, slot: p.slot })));

/** A kind's periods other than the planned ones (`$2`: slotsJson). */
const OUTSIDE_PLANNED = `p.report_kind_id = $1
  AND (p.year, p.slot) NOT IN (SELECT (e->>'year')::int, (e->>'slot')::int FROM jsonb_array_elements($2::jsonb) e)`;

/** Reporting periods as the calendar plans them from the report kinds' rules. */
@Injectable()
export class PeriodsRepository extends SqlRepository {
  constructor(dataSource: DataSource) {
    super(dataSource);
  }

  /** The plan's periods by deadline, then by their kind's position. */
  periodsOfPlan(planId: string, em?: EntityManager): Promise<PeriodRow[]> {
    return this.rows<PeriodRow>(`${SELECT_PERIOD} WHERE p.plan_id = $1 ORDER BY p.due_at, k.position`, [planId], em);
  }

  periodById(id: string, em?: EntityManager): Promise<PeriodRow | undefined> {
    return this.first<PeriodRow>(`${SELECT_PERIOD} WHERE p.id = $1`, [id], em);
  }

  /** The plan a period belongs to; undefined for no such period (plan scoping). */
  async planIdOf(periodId: string, em?: EntityManager): Promise<string | undefined> {
    return (await this.first<{ plan_id: string }>('SELECT plan_id FROM reporting_periods WHERE id = $1', [periodId], em))?.plan_id;
  }

  /** Whether the agency owes the period's report (`owing_agencies`); undefined for no such period. */
  async owedBy(periodId: string, agencyId: string, em?: EntityManager): Promise<boolean | undefined> {
    const row = await this.first<{ owes: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM owing_agencies($1) o WHERE o.agency_id = $2) AS owes FROM reporting_periods WHERE id = $1`,
      [periodId, agencyId],
      em,
    );
    return row?.owes;
  }

  /** The ids of the plan's periods the agency owes. */
  async owedPeriodIds(planId: string, agencyId: string, em?: EntityManager): Promise<string[]> {
    const rows = await this.rows<{ id: string }>(
      `SELECT p.id FROM reporting_periods p WHERE p.plan_id = $1 AND EXISTS (SELECT 1 FROM owing_agencies(p.id) o WHERE o.agency_id = $2)`,
      [planId, agencyId],
      em,
    );
    return rows.map((r) => r.id);
  }

  /** Whether the agency owes any period of the plan. */
  async owesInPlan(planId: string, agencyId: string, em?: EntityManager): Promise<boolean> {
    const row = await this.first<{ owes: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM reporting_periods p WHERE p.plan_id = $1
                        AND EXISTS (SELECT 1 FROM owing_agencies(p.id) o WHERE o.agency_id = $2)) AS owes`,
      [planId, agencyId],
      em,
    );
    return row?.owes ?? false;
  }

  /** The plans with a period the agency owes. */
  async planIdsOwedBy(agencyId: string, em?: EntityManager): Promise<string[]> {
    const rows = await this.rows<{ plan_id: string }>(
      `SELECT DISTINCT p.plan_id FROM reporting_periods p WHERE EXISTS (SELECT 1 FROM owing_agencies(p.id) o WHERE o.agency_id = $1)`,
      [agencyId],
      em,
    );
    return rows.map((r) => r.plan_id);
  }

  /**
   * Inserts the kind's planned periods that are missing and moves the dates of those that differ,
   * in one statement whatever the number of years. Answers how many rows changed.
   */
  async upsertPlanned(kindId: string, planId: string, periods: PlannedPeriod[], em?: EntityManager): Promise<number> {
    const rows = await this.rows<{ id: string }>(
      `INSERT INTO reporting_periods (report_kind_id, plan_id, year, slot, label, data_from, data_to, opens_at, due_at, consolidation_due_at)
       SELECT $1, $2, p.year, p.slot, p.label, p.data_from, p.data_to, p.opens_at, p.due_at, p.consolidation_due_at
       FROM jsonb_to_recordset($3::jsonb) AS p(year int, slot int, label text, data_from date, data_to date,
            opens_at timestamptz, due_at timestamptz, consolidation_due_at timestamptz)
       ON CONFLICT (report_kind_id, year, slot) DO UPDATE SET
         label = EXCLUDED.label, data_from = EXCLUDED.data_from, data_to = EXCLUDED.data_to, opens_at = EXCLUDED.opens_at,
         due_at = EXCLUDED.due_at, consolidation_due_at = EXCLUDED.consolidation_due_at, updated_at = now()
       WHERE (reporting_periods.label, reporting_periods.data_from, reporting_periods.data_to, reporting_periods.opens_at,
              reporting_periods.due_at, reporting_periods.consolidation_due_at)
         IS DISTINCT FROM (EXCLUDED.label, EXCLUDED.data_from, EXCLUDED.data_to, EXCLUDED.opens_at, EXCLUDED.due_at, EXCLUDED.consolidation_due_at)
       RETURNING id`,
      [
        kindId,
        planId,
        JSON.stringify(
          periods.map((p) => ({
            year: p.year,
            slot: p.slot,
            label: p.label,
            data_from: p.dataFrom,
            data_to: p.dataTo,
            opens_at: p.opensAt.toISOString(),
            due_at: p.dueAt.toISOString(),
            consolidation_due_at: p.consolidationDueAt?.toISOString() ?? null,
          })),
        ),
      ],
      em,
    );
    return rows.length;
  }

  /**
   * Labels, by deadline, of the kind's periods the plan no longer has that something happened in
   * already: a calendar event fired or a reminder recorded.
   */
  async labelsInUseOutside(kindId: string, planned: Pick<PlannedPeriod, 'year' | 'slot'>[], em?: EntityManager): Promise<string[]> {
    const rows = await this.rows<{ label: string }>(
      `SELECT p.label FROM reporting_periods p WHERE ${OUTSIDE_PLANNED}
         AND (EXISTS (SELECT 1 FROM calendar_events c WHERE c.period_id = p.id AND c.fired_at IS NOT NULL)
              OR EXISTS (SELECT 1 FROM reminders r WHERE r.period_id = p.id))
       ORDER BY p.due_at`,
      [kindId, slotsJson(planned)],
      em,
    );
    return rows.map((r) => r.label);
  }

  /** Deletes the kind's periods other than the planned ones; answers how many. */
  async deleteOutside(kindId: string, planned: Pick<PlannedPeriod, 'year' | 'slot'>[], em?: EntityManager): Promise<number> {
    const { affected } = await this.change(
      `DELETE FROM reporting_periods p WHERE ${OUTSIDE_PLANNED} RETURNING id`,
      [kindId, slotsJson(planned)],
      em,
    );
    return affected;
  }
}
