import { DataSource } from 'typeorm';

/** Every table an administrator write touches (sessions change on each sign-in, so are left out). */
const TABLES = [
  'agencies',
  'plans',
  'plan_sections',
  'tasks',
  'task_assignments',
  'task_milestones',
  'indicators',
  'indicator_targets',
  'indicator_owners',
  'reporting_regimes',
  'report_kinds',
  'report_kind_agencies',
  'reporting_periods',
];

/** Row count and a checksum of every row's text per table: equal snapshots mean nothing changed. */
export async function snapshot(db: DataSource, tables: string[] = TABLES): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of tables) {
    const [row] = await db.query<
      {
        n: number;
        h: string;
      }[]
    >(`SELECT count(*)::int AS n, md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) AS h FROM ${table} x`);
    out[table] = `${row.n} rows, md5 ${row.h}`;
  }
  return out;
}
