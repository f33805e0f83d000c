import { EntityManager } from 'typeorm';
import { AppError } from '../common/errors';
import { planPeriods } from './calendar';
import { ReportKind } from './report-kind.entity';

/**
 * Makes reporting_periods match what the plan's report kinds say: inserts missing periods and
 * moves the dates of existing ones when a rule changed. Returns how many rows changed.
 * One statement per kind, whatever the number of years.
 */
export async function syncPeriodsForPlan(em: EntityManager, planId: string): Promise<number> {
  const [plan] = (await em.query('SELECT start_year, end_year FROM plans WHERE id = $1', [planId])) as {
    start_year: number;
    end_year: number;
  }[];
  if (!plan) return 0;
  const kinds = await em
    .getRepository(ReportKind)
    .createQueryBuilder('k')
    .innerJoinAndSelect('k.regime', 'r')
    .where('r.plan_id = :planId', { planId })
    .getMany();
  let daysOff: Set<string> | null = null;
  let changed = 0;
  for (const kind of kinds) {
    const rollForward = kind.regime?.rollForward ?? false;
    if (rollForward && !daysOff) daysOff = await loadDaysOff(em);
    const periods = planPeriods(kind, plan.start_year, plan.end_year, { rollForward, daysOff: daysOff ?? undefined });
    const rows = await em.query(
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
        kind.id,
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
    );
    changed += rows.length;
    const planned = JSON.stringify(periods.map((p) => ({ year: p.year, slot: p.slot })));
    // A period the rules no longer produce goes only while nothing has happened in it yet.
    const inUse = (await em.query(
      `SELECT p.label FROM reporting_periods p WHERE p.report_kind_id = $1
         AND (p.year, p.slot) NOT IN (SELECT (e->>'year')::int, (e->>'slot')::int FROM jsonb_array_elements($2::jsonb) e)
         AND (EXISTS (SELECT 1 FROM calendar_events c WHERE c.period_id = p.id AND c.fired_at IS NOT NULL)
              OR EXISTS (SELECT 1 FROM reminders r WHERE r.period_id = p.id))
       ORDER BY p.due_at`,
      [kind.id, planned],
    )) as { label: string }[];
    if (inUse.length) {
      throw AppError.conflict(
        `Không thể bỏ ${inUse.map((p) => `"${p.label}"`).join(', ')}: kỳ báo cáo đã mở hoặc đã có nhắc hạn, dữ liệu cần được giữ lại.`,
        'PERIOD_IN_USE',
      );
    }
    // TypeORM answers a DELETE on Postgres with [rows, affectedCount].
    const [, removed] = (await em.query(
      `DELETE FROM reporting_periods WHERE report_kind_id = $1
         AND (year, slot) NOT IN (SELECT (e->>'year')::int, (e->>'slot')::int FROM jsonb_array_elements($2::jsonb) e) RETURNING id`,
      [kind.id, planned],
    )) as [unknown[], number];
    changed += removed;
  }
  return changed;
}

/** Public holidays that are days off, as YYYY-MM-DD (weekends are computed, not stored). */
export async function loadDaysOff(em: EntityManager): Promise<Set<string>> {
  const rows = (await em.query(`SELECT to_char(date, 'YYYY-MM-DD') AS date FROM holidays WHERE day_off`)) as { date: string }[];
  return new Set(rows.map((r) => r.date));
}
