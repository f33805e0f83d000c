/**
 * The bench's synthetic plans over the 4,000 synthetic agencies (`N00001`…): the national plan
 * of the calendar, consolidation and mail figures, and the deadline-hour plan of the save figures.
 */
import { DataSource, EntityManager } from 'typeorm';
import { defaultReminderRules } from '../src/reporting/regime.types';
import { syncPeriodsForPlan } from '../src/reporting/period-sync';

export const NATIONAL_AGENCIES = 4000;

/** The 4,000 synthetic communes, once. */
async function addAgencies(em: EntityManager): Promise<void> {
  await em.query(
    `INSERT INTO agencies (code, kind, name, short_name, emails)
     SELECT 'N' || lpad(i::text, 5, '0'), 'commune', 'UBND xã thử ' || i, 'Xã ' || i, ARRAY['n' || i || '@bench.example']
     FROM generate_series(1, $1) i
     ON CONFLICT DO NOTHING`,
    [NATIONAL_AGENCIES],
  );
}

/**
 * A plan coordinated by Sở Xây dựng in which every synthetic agency owes the given kinds
 * (semiannual: due 20/5, data to 14/5; annual: due 20/12), 2026–2030. Returns the plan's id.
 */
export async function addBenchPlan(ds: DataSource, code: string, title: string, kinds: ('semiannual' | 'annual')[]): Promise<string> {
  return ds.transaction(async (em) => {
    await addAgencies(em);
    const [{ id: planId }] = await em.query<{ id: string }[]>(
      `INSERT INTO plans (code, title, issuing_body, start_year, end_year, coordinating_agency_id)
       SELECT $1, $2, 'Bộ Xây dựng', 2026, 2030, id FROM agencies WHERE code = 'SXD' RETURNING id`,
      [code, title],
    );
    const [{ id: regimeId }] = await em.query<{ id: string }[]>(
      `INSERT INTO reporting_regimes (plan_id, code, name) VALUES ($1, 'R', 'Chế độ báo cáo') RETURNING id`,
      [planId],
    );
    const rules = { semiannual: [20, 30, 4], annual: [20, 25, 11] } as const;
    for (const kind of kinds) {
      const [due, cons, end] = rules[kind];
      const [{ id: kindId }] = await em.query<{ id: string }[]>(
        `INSERT INTO report_kinds (regime_id, code, name, frequency, slots, period_label, opens_rule, due_rule, data_window, consolidation_due_rule, owed_by, reminder_rules)
         VALUES ($1, $2::text, $2::text, $2::text, '{1}', $2::text || ' {year}', $3, $4, $5, $6, 'listed', $7) RETURNING id`,
        [
          regimeId,
          kind,
          JSON.stringify({ monthOffset: -1, day: 15 }),
          JSON.stringify({ monthOffset: end, day: due }),
          JSON.stringify({ start: { monthOffset: -1, day: 15 }, end: { monthOffset: end, day: 14 } }),
          JSON.stringify({ monthOffset: end, day: cons }),
          JSON.stringify(defaultReminderRules(kind)),
        ],
      );
      await em.query(`INSERT INTO report_kind_agencies (report_kind_id, agency_id) SELECT $1, id FROM agencies WHERE code LIKE 'N%'`, [
        kindId,
      ]);
    }
    await syncPeriodsForPlan(em, planId);
    return planId;
  });
}

/** A national-scale plan: 4,000 reporting agencies owing a semiannual and an annual report, 2026–2030. */
export async function addNationalPlan(ds: DataSource): Promise<void> {
  await addBenchPlan(ds, 'BENCH-NATIONAL', 'Kế hoạch thử quy mô toàn quốc', ['semiannual', 'annual']);
}
