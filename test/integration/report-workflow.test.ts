import { ReconcilerService } from '../../src/scheduling/reconciler.service';
import { startTestApp, TestApp } from '../helpers/app';
import { waitFor } from '../helpers/wait';

type Report = {
  id: string;
  version: number;
  state: string;
  onTime: boolean | null;
  tasks: { taskCode: string; role: string; status: string | null }[];
  [k: string]: unknown;
};

describe('agencies send their 2026-H1 reports; the coordinator returns one and accepts another', () => {
  let t: TestApp;
  let periodId: string;
  const auth: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-05-19T10:00:00+07:00' });
    await signInAll();
    const periods = (await t.http().get('/api/plans/CB-2026-2030/periods').set('Authorization', auth.coordinator)).body as {
      id: string;
      kind: string;
      year: number;
    }[];
    periodId = periods.find((p) => p.kind === 'semiannual' && p.year === 2026)!.id;
  });
  afterAll(() => t.close());

  /** Sessions last 12 hours of the application clock: sign in again after moving it. */
  async function signInAll() {
    for (const u of ['stc', '01290', 'coordinator', 'leader', 'sxd']) auth[u] = await t.bearer(u);
  }

  const my = (user: string) => t.http().get(`/api/periods/${periodId}/my-report`).set('Authorization', auth[user]);
  const save = (user: string, body: object) =>
    t.http().put(`/api/periods/${periodId}/my-report`).set('Authorization', auth[user]).send(body);
  const submit = (user: string) => t.http().post(`/api/periods/${periodId}/my-report/submit`).set('Authorization', auth[user]);

  /** Fills every lead task the way a careful reporter would. */
  function filled(report: Report) {
    return {
      version: report.version,
      officialLetter: { number: '125/BC-STC', date: '2026-05-15' },
      tasks: report.tasks.map((x) =>
        x.role === 'lead'
          ? {
              taskCode: x.taskCode,
              status: 'on_track',
              percentComplete: 40,
              workDone: 'Đã hoàn thành thủ tục chuẩn bị đầu tư.',
              capitalAllocated: '1200.5',
              capitalDisbursed: '800',
            }
          : { taskCode: x.taskCode },
      ),
      summary: {
        assessment: 'Cơ bản đạt tiến độ đề ra.',
        difficulties: 'Vướng mắc giải phóng mặt bằng.',
        proposals: 'Đề nghị bố trí thêm vốn.',
      },
    };
  }

  it('gives each agency a draft with an entry per task it answers for', async () => {
    const stc = (await my('stc').expect(200)).body as Report;
    expect(stc).toMatchObject({
      state: 'draft',
      version: 1,
      agencyCode: 'STC',
      dueAt: '2026-05-20T00:00:00+07:00',
      submittedAt: null,
      onTime: null,
    });
    expect(stc.tasks.find((x) => x.taskCode === 'II.2.(3).c')).toMatchObject({ role: 'lead', status: null });
    expect(stc.tasks.some((x) => x.role === 'cooperating')).toBe(true);
    const commune = (await my('01290').expect(200)).body as Report;
    expect(commune.tasks.filter((x) => x.role === 'lead').map((x) => x.taskCode)).toEqual(
      ['II.2.(4).a', 'II.1.(2)', 'II.1.(4)', 'II.1.(5)'].sort(
        (a, b) => commune.tasks.findIndex((x) => x.taskCode === a) - commune.tasks.findIndex((x) => x.taskCode === b),
      ),
    );
    expect((commune.indicators as { indicatorCode: string }[]).map((i) => i.indicatorCode)).toEqual(['QHC-XA', 'QHCT-XA', 'QCKT']);
  });

  it('refuses to send an incomplete report, naming each missing field (422)', async () => {
    const res = await submit('stc').expect(422);
    expect(res.body.code).toBe('REPORT_INCOMPLETE');
    const paths = (res.body.errors as { path: string }[]).map((e) => e.path);
    expect(paths).toContain('summary.assessment');
    expect(paths.some((p) => /^tasks\.\d+\.status$/.test(p))).toBe(true);
  });

  it('saves a draft and refuses a stale version without losing the newer one (409)', async () => {
    const draft = (await my('stc')).body as Report;
    const saved = (await save('stc', filled(draft)).expect(200)).body as Report;
    expect(saved.version).toBe(draft.version + 1);
    expect(
      (saved.tasks as unknown as { taskCode: string; capitalAllocated: string }[]).find((x) => x.taskCode === 'II.2.(3).c')
        ?.capitalAllocated,
    ).toBe('1200.5');
    const stale = await save('stc', { ...filled(draft), summary: { assessment: 'Bản cũ' } }).expect(409);
    expect(stale.body.code).toBe('STALE_VERSION');
    expect(((await my('stc')).body as { summary: { assessment: string } }).summary.assessment).toBe('Cơ bản đạt tiến độ đề ra.');
  });

  it('refuses bad values with field paths and changes nothing', async () => {
    const draft = (await my('stc')).body as Report;
    const code = draft.tasks[0].taskCode;
    const res = await save('stc', {
      version: draft.version,
      tasks: [{ taskCode: code, percentComplete: 120, capitalAllocated: '-5', status: 'done' }],
      extra: 1,
    }).expect(400);
    const paths = (res.body.errors as { path: string }[]).map((e) => e.path).sort();
    expect(paths).toEqual(['extra', 'tasks.0.capitalAllocated', 'tasks.0.percentComplete', 'tasks.0.status']);
    expect(((await my('stc')).body as Report).version).toBe(draft.version);
    await save('stc', { version: draft.version, tasks: [{ taskCode: 'II.9.(9)' }] }).expect(400);
  });

  it('saves a report its agency never opened, as if it had been read first', async () => {
    const token = await t.bearer('01273');
    const res = await t
      .http()
      .put(`/api/periods/${periodId}/my-report`)
      .set('Authorization', token)
      .send({ version: 1, summary: { assessment: '  Đã triển khai.  ' } })
      .expect(200);
    expect(res.body).toMatchObject({ agencyCode: '01273', state: 'draft', version: 2, summary: { assessment: 'Đã triển khai.' } });
    expect((res.body as Report).tasks.length).toBeGreaterThan(0);
    await t.http().put(`/api/periods/${periodId}/my-report`).set('Authorization', token).send({ version: 1 }).expect(409);
  });

  it('counts a report sent at 19/5 23:59:59 on time and one sent at 20/5 00:00:00 late', async () => {
    t.clock.set(new Date('2026-05-19T23:59:59+07:00'));
    await signInAll();
    const sent = (await submit('stc').expect(200)).body as Report;
    expect(sent).toMatchObject({ state: 'submitted', onTime: true, submittedAt: '2026-05-19T23:59:59+07:00' });
    await submit('stc').expect(409);

    const commune = (await my('01290')).body as Report;
    await save('01290', filled(commune)).expect(200);
    t.clock.set(new Date('2026-05-20T00:00:00+07:00'));
    expect(((await submit('01290').expect(200)).body as Report).onTime).toBe(false);
  });

  it('lets another agency neither read nor find the report', async () => {
    const stcReport = (await my('stc')).body as Report;
    await t.http().get(`/api/reports/${stcReport.id}`).set('Authorization', auth.sxd).expect(404);
    await t.http().get(`/api/reports/${stcReport.id}`).set('Authorization', auth.leader).expect(200);
    await t.http().post(`/api/reports/${stcReport.id}/accept`).set('Authorization', auth.leader).expect(403);
    await t.http().get(`/api/periods/${periodId}/status`).set('Authorization', auth.stc).expect(403);
  });

  it('lets the coordinator return one with a comment and accept the other; the status says exactly that', async () => {
    const stcId = ((await my('stc')).body as Report).id;
    const communeId = ((await my('01290')).body as Report).id;
    await t.http().post(`/api/reports/${stcId}/return`).set('Authorization', auth.coordinator).send({ comment: '' }).expect(400);
    const returned = await t
      .http()
      .post(`/api/reports/${stcId}/return`)
      .set('Authorization', auth.coordinator)
      .send({ comment: 'Đề nghị bổ sung số liệu giải ngân.' })
      .expect(200);
    expect(returned.body).toMatchObject({ state: 'returned', returnComment: 'Đề nghị bổ sung số liệu giải ngân.' });
    await t.http().post(`/api/reports/${communeId}/accept`).set('Authorization', auth.coordinator).expect(200);
    await t.http().post(`/api/reports/${communeId}/accept`).set('Authorization', auth.coordinator).expect(409);

    const status = (await t.http().get(`/api/periods/${periodId}/status`).set('Authorization', auth.coordinator).expect(200)).body;
    expect(status.summary).toEqual({ expected: 64, submitted: 2, onTime: 1, late: 1, missing: 62, returned: 1, accepted: 1 });
    const by = new Map((status.agencies as { agencyCode: string }[]).map((a) => [a.agencyCode, a]));
    expect(by.get('STC')).toMatchObject({ state: 'returned', onTime: true, hasDraft: true });
    expect(by.get('01290')).toMatchObject({ state: 'accepted', onTime: false, hasDraft: false });
    expect(
      (status.agencies as { agencyCode: string; state: string }[])
        .filter((a) => !['STC', '01290'].includes(a.agencyCode))
        .every((a) => a.state === 'missing'),
    ).toBe(true);
  });

  it('keeps on time from the first submission when a returned report is sent again, with both revisions', async () => {
    const again = (await my('stc')).body as Report;
    expect(again.firstSubmittedAt).toBeTruthy();
    // The save route takes back exactly what the read route gave, read-only fields included.
    const echoed = (
      await save('stc', {
        ...again,
        state: 'accepted',
        onTime: false,
        summary: { ...(again.summary as object), assessment: 'Đã bổ sung số liệu giải ngân.' },
      }).expect(200)
    ).body as Report;
    expect(echoed).toMatchObject({ state: 'returned', onTime: true, firstSubmittedAt: again.firstSubmittedAt, version: again.version + 1 });
    const resent = (await submit('stc').expect(200)).body as Report;
    expect(resent).toMatchObject({ state: 'submitted', onTime: true });
    const full = (await t.http().get(`/api/reports/${resent.id}`).set('Authorization', auth.coordinator).expect(200)).body;
    expect(full.revisions.map((r: { number: number }) => r.number)).toEqual([1, 2]);
    expect(full.history.map((h: { action: string }) => h.action)).toEqual(['submitted', 'returned', 'submitted']);
    const changes = (await t.http().get(`/api/reports/${resent.id}/revisions/2/changes`).set('Authorization', auth.coordinator).expect(200))
      .body;
    expect(changes).toEqual([
      { where: 'Đánh giá chung', field: 'Đánh giá chung', before: 'Cơ bản đạt tiến độ đề ra.', after: 'Đã bổ sung số liệu giải ngân.' },
    ]);
    const first = (await t.http().get(`/api/reports/${resent.id}/revisions/1`).set('Authorization', auth.stc).expect(200)).body;
    expect(first.summary.assessment).toBe('Cơ bản đạt tiến độ đề ra.');
    await expect(t.db.query(`UPDATE report_revisions SET number = 9 WHERE report_id = $1`, [resent.id])).rejects.toThrow(/immutable/);
  });

  it('keeps an append-only audit log of every state change, and of refused access', async () => {
    const reportId = ((await my('stc')).body as Report).id;
    const log = (await t.http().get(`/api/reports/${reportId}/audit`).set('Authorization', auth.coordinator).expect(200)).body as {
      actor: string;
      action: string;
      ip: string;
    }[];
    expect(
      log.filter((e) => e.action.startsWith('report.') && e.action !== 'report.attachment_added').map((e) => [e.action, e.actor]),
    ).toEqual([
      ['report.submitted', 'stc'],
      ['report.returned', 'coordinator'],
      ['report.submitted', 'stc'],
    ]);
    expect(log[0].ip).toMatch(/127\.0\.0\.1|::1|ffff/);
    await t.http().get(`/api/reports/${reportId}/audit`).set('Authorization', auth.stc).expect(403);
    const refused = await t.db.query<
      {
        actor_username: string | null;
        detail: { path: string; status: number };
      }[]
    >(`SELECT actor_username, detail FROM audit_log WHERE action = 'access.denied' ORDER BY id`);
    expect(refused).toEqual(
      expect.arrayContaining([expect.objectContaining({ actor_username: 'leader', detail: expect.objectContaining({ status: 403 }) })]),
    );
    await expect(t.db.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
  });

  it('reminds only the agencies whose report is not sent', async () => {
    t.clock.set(new Date('2026-05-21T08:00:00+07:00'));
    await signInAll();
    await t.app.get(ReconcilerService).reconcile();
    const count = async () =>
      (
        await t.db.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM reminders r JOIN agencies a ON a.id = r.agency_id WHERE r.period_id = $1 AND r.rule = 'D+1'`,
          [periodId],
        )
      )[0].n;
    await waitFor(async () => (await count()) > 0);
    const codes = (
      await t.db.query<{ code: string }[]>(
        `SELECT a.code FROM reminders r JOIN agencies a ON a.id = r.agency_id WHERE r.period_id = $1 AND r.rule = 'D+1'`,
        [periodId],
      )
    ).map((r) => r.code);
    expect(codes).toHaveLength(62);
    expect(codes).not.toContain('STC');
    expect(codes).not.toContain('01290');
  });

  it('takes ad hoc difficulties from agencies into the coordinator inbox', async () => {
    const body = {
      subject: 'Vướng mắc GPMB Quốc lộ 34B',
      body: 'Còn 12 hộ chưa nhận tiền bồi thường.',
      taskCode: 'II.2.(2).a.(ii)',
      difficultyKind: 'land_clearance',
      resolvingLevel: 'province',
    };
    await t.http().post('/api/plans/CB-2026-2030/adhoc-reports').set('Authorization', auth['01290']).send(body).expect(201);
    await t
      .http()
      .post('/api/plans/CB-2026-2030/adhoc-reports')
      .set('Authorization', auth['01290'])
      .send({ ...body, difficultyKind: 'weather' })
      .expect(400);
    const inbox = (await t.http().get('/api/plans/CB-2026-2030/adhoc-reports').set('Authorization', auth.coordinator).expect(200)).body;
    expect(inbox).toHaveLength(1);
    expect(inbox[0]).toMatchObject({ agencyCode: '01290', subject: 'Vướng mắc GPMB Quốc lộ 34B', taskCode: 'II.2.(2).a.(ii)' });
    await t.http().get('/api/plans/CB-2026-2030/adhoc-reports').set('Authorization', auth.stc).expect(403);
  });

  it('locks the period once the consolidated report is final, and lets the coordinator reopen one agency with a recorded reason', async () => {
    // Marking the consolidated report final sets locked_at (consolidation issue); here it is set directly.
    await t.db.query('UPDATE reporting_periods SET locked_at = $2 WHERE id = $1', [periodId, new Date('2026-05-29T10:00:00+07:00')]);
    t.clock.set(new Date('2026-05-29T11:00:00+07:00'));
    await signInAll();
    const stc = (await my('stc')).body as Report;
    const locked = await save('stc', { version: stc.version, summary: { assessment: 'Sửa sau khi khóa' } }).expect(409);
    expect(locked.body.code).toBe('PERIOD_LOCKED');

    const commune = (await my('01290')).body as Report;
    await t.http().post(`/api/reports/${commune.id}/reopen`).set('Authorization', auth.coordinator).send({ reason: '' }).expect(400);
    await t.http().post(`/api/reports/${commune.id}/reopen`).set('Authorization', auth.stc).send({ reason: 'x' }).expect(403);
    const reopened = await t
      .http()
      .post(`/api/reports/${commune.id}/reopen`)
      .set('Authorization', auth.coordinator)
      .send({ reason: 'Xã đề nghị điều chỉnh số liệu sau đối chiếu Kho bạc.' })
      .expect(200);
    expect(reopened.body).toMatchObject({ state: 'returned', returnComment: 'Xã đề nghị điều chỉnh số liệu sau đối chiếu Kho bạc.' });
    await save('01290', { version: reopened.body.version, summary: { assessment: 'Đã điều chỉnh số liệu.' } }).expect(200);
    const log = (await t.http().get(`/api/reports/${commune.id}/audit`).set('Authorization', auth.coordinator)).body as {
      action: string;
      detail: { reason?: string };
    }[];
    expect(log.at(-1)).toMatchObject({
      action: 'report.reopened',
      detail: { reason: 'Xã đề nghị điều chỉnh số liệu sau đối chiếu Kho bạc.' },
    });
  });
});
