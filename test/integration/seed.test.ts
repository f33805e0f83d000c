import { DataSource } from 'typeorm';
import { runSeed } from '../../seeds/run';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { cloneTemplateDatabase, databaseUrl, dropDatabase } from '../helpers/db';

const TABLES = [
  'agencies',
  'users',
  'plans',
  'plan_sections',
  'tasks',
  'task_milestones',
  'task_assignments',
  'indicators',
  'indicator_owners',
  'indicator_targets',
  'reporting_regimes',
  'report_kinds',
  'report_kind_agencies',
  'reporting_periods',
];

/** A fingerprint of every row of every seeded table, timestamps included. */
async function fingerprint(ds: DataSource): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of TABLES) {
    const [row] = await ds.query<
      {
        n: number;
        h: string;
      }[]
    >(`SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS h FROM ${table} t`);
    out[table] = `${row.n}:${row.h}`;
  }
  return out;
}

describe('the Cao Bằng seed', () => {
  let name: string;
  let ds: DataSource;

  beforeAll(async () => {
    name = await cloneTemplateDatabase();
    ds = await new DataSource(dataSourceOptions(databaseUrl(name))).initialize();
  });
  afterAll(async () => {
    await ds.destroy();
    await dropDatabase(name);
  });

  it('changes nothing when run a second time', async () => {
    const before = await fingerprint(ds);
    const { inserted } = await runSeed(databaseUrl(name), { demoUsers: true });
    expect(Object.values(inserted).every((n) => n === 0)).toBe(true);
    expect(await fingerprint(ds)).toEqual(before);
  });

  it('keeps an administrator’s edit instead of writing the seed back over it', async () => {
    await ds.query(`UPDATE agencies SET emails = ARRAY['van-thu@stc.example'] WHERE code = 'STC'`);
    await runSeed(databaseUrl(name), { demoUsers: true });
    const [stc] = await ds.query<{ emails: string[] }[]>(`SELECT emails FROM agencies WHERE code = 'STC'`);
    expect(stc.emails).toEqual(['van-thu@stc.example']);
  });

  it('leaves the holidays of a year it seeded as the administrators made them, and seeds a year that has none', async () => {
    const holidays = async (year: number) =>
      (
        await ds.query<{ date: string }[]>(
          `SELECT to_char(date, 'YYYY-MM-DD') AS date FROM holidays WHERE date >= make_date($1, 1, 1) AND date < make_date($1 + 1, 1, 1) ORDER BY date`,
          [year],
        )
      ).map((r) => r.date);
    const seeded2027 = await holidays(2027);
    expect(seeded2027).toContain('2027-09-02');
    // An administrator removes Quốc khánh 2027 and adds a working Saturday: the next start keeps both edits.
    await ds.query(`DELETE FROM holidays WHERE date = '2027-09-02'`);
    await ds.query(`INSERT INTO holidays (date, name, day_off, source) VALUES ('2027-10-09', 'Làm bù', false, 'admin')`);
    // 2028 loses every seeded day: it is seeded again; the admin's working day in 2028 does not keep it out.
    const seeded2028 = await holidays(2028);
    await ds.query(`DELETE FROM holidays WHERE date >= '2028-01-01' AND date < '2029-01-01'`);
    await ds.query(`INSERT INTO holidays (date, name, day_off, source) VALUES ('2028-10-07', 'Làm bù', false, 'admin')`);
    const { inserted } = await runSeed(databaseUrl(name), { demoUsers: true });
    expect(inserted.holidays).toBe(seeded2028.length);
    expect(await holidays(2027)).toEqual([...seeded2027.filter((d) => d !== '2027-09-02'), '2027-10-09'].sort());
    expect(await holidays(2028)).toEqual([...seeded2028, '2028-10-07'].sort());
  });

  it('holds capital sums equal to the text to the last decimal, summed in SQL', async () => {
    const [sum] = await ds.query<{ total: string; state: string; non_state: string; rows_add_up: boolean }[]>(
      `SELECT sum(capital_total)::text AS total, sum(capital_state_budget)::text AS state, sum(capital_non_state_budget)::text AS non_state,
              bool_and(capital_total = capital_state_budget + capital_non_state_budget) AS rows_add_up
       FROM plan_sections s JOIN plans p ON p.id = s.plan_id WHERE p.code = 'CB-2026-2030'`,
    );
    expect(sum).toEqual({ total: '93243.100', state: '75162.400', non_state: '18080.700', rows_add_up: true });
  });

  it('has every agency of the reference file: 64 reporting agencies and UBNDT, with demo addresses', async () => {
    const rows = await ds.query<
      {
        kind: string;
        n: number;
      }[]
    >(`SELECT kind, count(*)::int AS n FROM agencies GROUP BY kind ORDER BY kind`);
    expect(rows).toEqual([
      { kind: 'commune', n: 53 },
      { kind: 'department', n: 8 },
      { kind: 'province', n: 1 },
      { kind: 'ward', n: 3 },
    ]);
    const [bad] = await ds.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM agencies WHERE code <> 'STC' AND (name <> normalize(name, NFC) OR emails[1] <> lower(code) || '@caobang.example')`,
    );
    expect(bad.n).toBe(0); // STC's address was edited by the test above
  });

  it('creates the demo accounts of the contract', async () => {
    const rows = await ds.query<{ username: string; role: string; code: string }[]>(
      `SELECT u.username, u.role, a.code FROM users u JOIN agencies a ON a.id = u.agency_id
       WHERE u.username IN ('admin', 'coordinator', 'leader', 'sxd', 'stc', 'stc-ld', '01290', '01290-ld') ORDER BY u.username`,
    );
    expect(rows).toEqual([
      { username: '01290', role: 'reporter', code: '01290' },
      { username: '01290-ld', role: 'head', code: '01290' },
      { username: 'admin', role: 'administrator', code: 'SXD' },
      { username: 'coordinator', role: 'coordinator', code: 'SXD' },
      { username: 'leader', role: 'leader', code: 'UBNDT' },
      { username: 'stc', role: 'reporter', code: 'STC' },
      { username: 'stc-ld', role: 'head', code: 'STC' },
      { username: 'sxd', role: 'reporter', code: 'SXD' },
    ]);
    const [{ n }] = await ds.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM users`);
    expect(n).toBe(3 + 64 * 2);
  });

  it('leaves no task without a lead agency', async () => {
    const rows = await ds.query<{ code: string }[]>(
      `SELECT t.code FROM tasks t WHERE NOT EXISTS (SELECT 1 FROM task_assignments a WHERE a.task_id = t.id AND a.role = 'lead')`,
    );
    expect(rows).toEqual([]);
  });
});
