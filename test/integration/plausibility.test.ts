import { SESSION_COOKIE } from '../../src/web/page-session';
import { startTestApp, TestApp } from '../helpers/app';

type Entry = {
  taskCode: string;
  role: string;
  capitalAllocated: string | null;
  capitalDisbursed: string | null;
};
type Report = { id: string; version: number; tasks: Entry[] };
type Finding = {
  severity: string;
  code: string;
  message: string;
  reportId: string;
  agencyCode: string;
  agencyName: string;
  taskCode: string;
};

/**
 * Figures that cannot be right are refused at their field (over the API and on the form); a figure
 * over the task's capital need is saved with a warning, and the coordinator sees it, with the
 * agency and the task, before the consolidated document is produced.
 */
describe('plausibility of the figures in an agency report', () => {
  let t: TestApp;
  let periodId: string;
  const auth: Record<string, string> = {};
  const TASK = 'II.1.(2)';

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-05-19T10:00:00+07:00' });
    for (const u of ['01290', 'coordinator']) auth[u] = await t.bearer(u);
    const periods = (await t.http().get('/api/plans/CB-2026-2030/periods').set('Authorization', auth.coordinator)).body as {
      id: string;
      kind: string;
      year: number;
    }[];
    periodId = periods.find((p) => p.kind === 'semiannual' && p.year === 2026)!.id;
    // The plan gives the commune's general-planning task a capital need of 50 tỷ đồng.
    await t.db.query(
      `UPDATE tasks SET capital_total = 50, capital_state_budget = 50, capital_non_state_budget = 0
       WHERE code = $1 AND plan_id = (SELECT id FROM plans WHERE code = 'CB-2026-2030')`,
      [TASK],
    );
  }, 60000);
  afterAll(() => t?.close());

  const my = async () =>
    (await t.http().get(`/api/periods/${periodId}/my-report`).set('Authorization', auth['01290']).expect(200)).body as Report;
  const save = (body: object) => t.http().put(`/api/periods/${periodId}/my-report`).set('Authorization', auth['01290']).send(body);
  const cookie = (who: string) => `${SESSION_COOKIE}=${auth[who].slice('Bearer '.length)}`;

  it('refuses disbursed 300 over allocated 250 with 400 at the entry path, and changes nothing', async () => {
    const before = await my();
    const res = await save({
      version: before.version,
      tasks: [{ taskCode: TASK, capitalAllocated: '250', capitalDisbursed: '300' }],
    }).expect(400);
    expect(res.body.code).toBe('IMPLAUSIBLE_FIGURES');
    expect(res.body.errors).toEqual([
      {
        path: 'tasks.0.capitalDisbursed',
        code: 'DISBURSED_OVER_ALLOCATED',
        message: 'Giải ngân (300) không được lớn hơn vốn đã bố trí (250).',
      },
    ]);
    const after = await my();
    expect(after.version).toBe(before.version);
    expect(after.tasks.find((x) => x.taskCode === TASK)).toMatchObject({ capitalAllocated: null, capitalDisbursed: null });
  });

  it('judges a partial save against what is stored: 250 allocated, then 300 disbursed alone is refused', async () => {
    const r = await my();
    const saved = (await save({ version: r.version, tasks: [{ taskCode: TASK, capitalAllocated: '250' }] }).expect(200)).body as Report & {
      warnings: unknown[];
    };
    expect(saved.warnings).toEqual([expect.objectContaining({ path: 'tasks.0.capitalAllocated', code: 'OVER_TASK_NEED' })]);
    const res = await save({ version: saved.version, tasks: [{ taskCode: TASK, capitalDisbursed: '300' }] }).expect(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['tasks.0.capitalDisbursed']);
    expect((await my()).version).toBe(saved.version);
  });

  it('shows the refusal beside the field on the form, in Vietnamese', async () => {
    const r = await my();
    const index = r.tasks.findIndex((x) => x.taskCode === TASK);
    const form = await t.http().get(`/periods/${periodId}/report`).set('Cookie', cookie('01290')).expect(200);
    const csrf = /name="csrf" value="([^"]+)"/.exec(form.text)![1];
    const csrfCookie = ((form.headers['set-cookie'] as unknown as string[] | undefined) ?? []).map((c) => c.split(';')[0]).join('; ');
    const page = await t
      .http()
      .post(`/periods/${periodId}/report`)
      .set('Cookie', `${cookie('01290')}; ${csrfCookie}`)
      .type('form')
      .send({
        csrf,
        version: String(r.version),
        action: 'save',
        [`tasks[${index}][taskCode]`]: TASK,
        [`tasks[${index}][capitalAllocated]`]: '250',
        [`tasks[${index}][capitalDisbursed]`]: '300',
      })
      .expect(400);
    expect(page.text).toContain('<span class="field-error">Giải ngân (300) không được lớn hơn vốn đã bố trí (250).</span>');
    expect((await my()).version).toBe(r.version);
  });

  it('saves 1.200,5 tỷ over the task need of 50 with a warning, shown on the form, and the coordinator lists it', async () => {
    const r = await my();
    const index = r.tasks.findIndex((x) => x.taskCode === TASK);
    const body = {
      version: r.version,
      officialLetter: { number: '12/BC-UBND', date: '2026-05-15' },
      tasks: r.tasks.map((x) =>
        x.role === 'lead'
          ? {
              taskCode: x.taskCode,
              status: 'on_track',
              percentComplete: 40,
              workDone: 'Đã triển khai theo kế hoạch.',
              capitalAllocated: x.taskCode === TASK ? '1200.5' : '10',
              capitalDisbursed: x.taskCode === TASK ? '600' : '5',
            }
          : { taskCode: x.taskCode },
      ),
      summary: { assessment: 'Cơ bản đạt tiến độ.', difficulties: 'Không.', proposals: 'Không.' },
    };
    const saved = await save(body).expect(200);
    const warning = `1.200,5 tỷ đồng bố trí cho nhiệm vụ vượt nhu cầu vốn 50 tỷ đồng của nhiệm vụ; đề nghị kiểm tra lại (số liệu tính bằng tỷ đồng).`;
    expect(saved.body.warnings).toEqual([{ path: `tasks.${index}.capitalAllocated`, code: 'OVER_TASK_NEED', message: warning }]);
    const form = await t.http().get(`/periods/${periodId}/report`).set('Cookie', cookie('01290')).expect(200);
    expect(form.text).toContain(warning);
    expect(form.text).toContain('id="form-warnings"');

    const sent = await t.http().post(`/api/periods/${periodId}/my-report/submit`).set('Authorization', auth['01290']).expect(200);
    expect(sent.body.state).toBe('submitted');

    // Before any document: the consolidation page lists it, with the agency, the task and a link to the report.
    const page = await t.http().get(`/periods/${periodId}/consolidation`).set('Cookie', cookie('coordinator')).expect(200);
    const section = page.text.slice(
      page.text.indexOf('id="so-lieu-can-xem-lai"'),
      page.text.indexOf('</section>', page.text.indexOf('id="so-lieu-can-xem-lai"')),
    );
    expect(section).toContain('Số liệu cần xem lại');
    const row = section.split('<tr').find((tr) => tr.includes(`data-agency="01290"`) && tr.includes(`data-task="${TASK}"`));
    expect(row).toBeDefined();
    expect(row).toContain(warning);
    expect(row).toContain(`href="/reports/${sent.body.id}"`);

    const built = await t.http().post(`/api/periods/${periodId}/consolidations`).set('Authorization', auth.coordinator).expect(201);
    const view = await t.http().get(`/api/consolidations/${built.body.id}`).set('Authorization', auth.coordinator).expect(200);
    const findings = view.body.plausibility as Finding[];
    expect(findings).toContainEqual({
      severity: 'warning',
      code: 'OVER_TASK_NEED',
      field: 'capitalAllocated',
      message: warning,
      reportId: sent.body.id,
      agencyCode: '01290',
      agencyName: expect.stringMatching(/\S/),
      taskCode: TASK,
      taskTitle: 'Hoàn thành quy hoạch chung 53 xã',
    });
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
});
