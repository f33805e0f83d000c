import { startTestApp, TestApp } from '../helpers/app';
import { waitFor } from '../helpers/wait';

/** Administration writes and refused attempts are in the audit log with who, what, when and from where. */
describe('the audit log of administration', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ now: '2026-05-18T09:00:00+07:00', env: { CALENDAR_RECONCILE_SECONDS: '3600' } });
  });
  afterAll(() => t.close());

  const entries = (action: string) =>
    t.db.query<
      {
        actor_username: string | null;
        action: string;
        entity: string;
        entity_id: string;
        detail: Record<string, unknown>;
        ip: string | null;
        at: Date;
      }[]
    >(`SELECT actor_username, action, entity, entity_id, detail, ip, at FROM audit_log WHERE action = $1 ORDER BY id`, [action]);

  it('records each administrator change with its actor, address, route parameters and body', async () => {
    const admin = await t.bearer('admin');
    await t
      .http()
      .patch('/api/agencies/STC')
      .set('Authorization', admin)
      .set('X-Forwarded-For', '203.0.113.7')
      .send({ emails: ['taichinh@caobang.example'] })
      .expect(200);
    await t
      .http()
      .put('/api/holidays/2026-11-20')
      .set('Authorization', admin)
      .send({ name: 'Ngày Nhà giáo Việt Nam', dayOff: false })
      .expect(200);
    await t.http().patch('/api/plans/CB-2026-2030/regime').set('Authorization', admin).send({ rollForward: true }).expect(200);
    await waitFor(async () => (await entries('regime.updateRegime')).length === 1);
    const [agency] = await entries('agency.update');
    expect(agency).toMatchObject({ actor_username: 'admin', entity: 'agency', entity_id: 'STC' });
    expect(agency.ip).toBeTruthy();
    expect(agency.detail).toMatchObject({
      method: 'PATCH',
      path: '/api/agencies/STC',
      body: expect.stringContaining('taichinh@caobang.example'),
    });
    expect(new Date(agency.at).toISOString()).toBe(new Date('2026-05-18T09:00:00+07:00').toISOString());
    expect(await entries('holiday.put')).toEqual([expect.objectContaining({ actor_username: 'admin', entity_id: '2026-11-20' })]);
  });

  it('records a refused attempt too, and not as a change', async () => {
    const stc = await t.bearer('stc');
    await t
      .http()
      .patch('/api/agencies/SXD')
      .set('Authorization', stc)
      .send({ emails: ['x@evil.example'] })
      .expect(403);
    await waitFor(
      async () => (await t.db.query(`SELECT 1 FROM audit_log WHERE action = 'access.denied' AND actor_username = 'stc'`)).length > 0,
    );
    const changed = await t.db.query(`SELECT 1 FROM audit_log WHERE action = 'agency.update' AND actor_username = 'stc'`);
    expect(changed).toEqual([]);
  });
});
