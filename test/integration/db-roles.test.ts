import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { startTestApp, TestApp } from '../helpers/app';
import { adminQuery, cloneTemplateDatabase, databaseUrl } from '../helpers/db';
import { sendLeadReport } from '../helpers/reports';

/**
 * The operator's guide runs the application as a role that is not a superuser and does not own
 * the tables (scripts/db-app-role.sql). The whole workflow works as that role; the audit log
 * cannot be changed by it at all, and not even by the owner, whose triggers refuse.
 */
describe('the application as a non-superuser role', () => {
  let t: TestApp;
  let name: string;
  const role = `cbr_app_${Math.random().toString(36).slice(2, 8)}`;
  const as = (user: string) => {
    const url = new URL(databaseUrl(name));
    url.username = user;
    return url.toString();
  };
  const query = async (url: string, sql: string) => {
    const c = new Client({ connectionString: url });
    await c.connect();
    try {
      return await c.query(sql);
    } finally {
      await c.end();
    }
  };

  beforeAll(async () => {
    name = await cloneTemplateDatabase();
    await adminQuery(`CREATE ROLE "${role}" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE`);
    await adminQuery(`GRANT CONNECT ON DATABASE "${name}" TO "${role}"`);
    const script = readFileSync(join(__dirname, '..', '..', 'scripts', 'db-app-role.sql'), 'utf8').replace(/:"app_role"/g, `"${role}"`);
    await query(databaseUrl(name), script);
    t = await startTestApp({ now: '2026-05-18T09:00:00+07:00', databaseName: name, env: { DATABASE_URL: as(role) } });
  }, 60_000);
  afterAll(async () => {
    await t?.close(false);
    await adminQuery(`DROP ROLE IF EXISTS "${role}"`);
  });

  it('runs the workflow: a report saved, sent and accepted, each step in the audit log', async () => {
    const [{ current_user }] = await t.db.query('SELECT current_user');
    expect(current_user).toBe(role);
    const stc = await t.bearer('stc');
    const periods = (await t.http().get('/api/plans/CB-2026-2030/periods').set('Authorization', stc)).body as {
      id: string;
      kind: string;
      year: number;
    }[];
    const periodId = periods.find((p) => p.kind === 'semiannual' && p.year === 2026)!.id;
    const reportId = await sendLeadReport(t, stc, periodId, 20);
    await t
      .http()
      .post(`/api/reports/${reportId}/accept`)
      .set('Authorization', await t.bearer('coordinator'))
      .expect(200);
    const audit = (
      await t
        .http()
        .get(`/api/reports/${reportId}/audit`)
        .set('Authorization', await t.bearer('coordinator'))
        .expect(200)
    ).body as { action: string; actor: string }[];
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['report.submitted', 'report.accepted']));
  });

  it('cannot change the audit log, or its triggers; the owner is refused by the triggers', async () => {
    for (const sql of [
      'UPDATE audit_log SET action = $$x$$',
      'DELETE FROM audit_log',
      'TRUNCATE audit_log',
      'ALTER TABLE audit_log DISABLE TRIGGER ALL',
      'DROP TRIGGER tr_audit_log_append_only ON audit_log',
    ]) {
      await expect(query(as(role), sql)).rejects.toThrow(/permission denied|must be owner/);
    }
    await expect(query(databaseUrl(name), 'UPDATE audit_log SET action = $$x$$')).rejects.toThrow(/append-only/);
    await expect(query(databaseUrl(name), 'TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    const [{ n }] = (await query(databaseUrl(name), 'SELECT count(*)::int AS n FROM audit_log')).rows as { n: number }[];
    expect(n).toBeGreaterThan(0);
  });
});
