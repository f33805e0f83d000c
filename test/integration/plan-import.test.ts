import ExcelJS from 'exceljs';
import { PlanDocumentReader } from '../../src/plans/workbook/plan-document-reader';
import { PlanImportService } from '../../src/plans/workbook/plan-import.service';
import { binaryParser, startTestApp, TestApp } from '../helpers/app';
import { waitFor } from '../helpers/wait';
import { DB_PLAN, dienBienWorkbook } from '../fixtures/dien-bien-workbook';

/**
 * Another province's plan entered only through the XLSX import: dry run, import, its own
 * quarterly regime, cell-pinned refusals that save nothing, updates, and export → import
 * round trips for it and for the seeded Cao Bằng plan.
 */
describe('plan import and export (XLSX)', () => {
  let t: TestApp;
  let admin: string;
  let coordinator: string;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-01-20T09:00:00+07:00' });
    admin = await t.bearer('admin');
    coordinator = await t.bearer('coordinator');
  });
  afterAll(() => t.close());

  const upload = (file: Buffer, dryRun: boolean, who = admin) =>
    t
      .http()
      .post(`/api/plans/import?dryRun=${dryRun}`)
      .set('Authorization', who)
      .attach('file', file, { filename: 'ke-hoach.xlsx', contentType: 'application/octet-stream' });
  const binary = (req: ReturnType<ReturnType<TestApp['http']>['get']>) => req.buffer(true).parse(binaryParser);
  const counts = async () =>
    (
      await t.db.query(
        `SELECT (SELECT count(*) FROM plans)::int AS plans, (SELECT count(*) FROM tasks)::int AS tasks, (SELECT count(*) FROM agencies)::int AS agencies,
              (SELECT count(*) FROM reporting_periods)::int AS periods`,
      )
    )[0];

  it('offers the template workbook to the administrator only', async () => {
    const res = await binary(t.http().get('/api/plans/import/template.xlsx').set('Authorization', admin)).expect(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Hướng dẫn',
      'Kế hoạch',
      'Cơ quan',
      'Nhóm cơ quan',
      'PL01',
      'Mốc tiến độ',
      'Chỉ tiêu',
      'Chỉ tiêu theo năm',
      'Chế độ báo cáo',
      'Nhắc nhở',
      'Tài khoản',
    ]);
    expect(wb.getWorksheet('PL01')!.getRow(4).values).toEqual(
      expect.arrayContaining([
        'STT',
        'Nội dung công việc',
        'Cơ quan chủ trì',
        'Cơ quan phối hợp',
        'Thời gian thực hiện / hoàn thành',
        'Ghi chú',
      ]),
    );
    await t.http().get('/api/plans/import/template.xlsx').set('Authorization', coordinator).expect(403);
  });

  it('dry run lists what would be created and saves nothing', async () => {
    const before = await counts();
    const res = await upload(await dienBienWorkbook(), true);
    expect(res.status).toBe(200);
    expect(res.body.errors).toEqual([]);
    expect(res.body.plan).toMatchObject({ code: DB_PLAN, startYear: 2026, endYear: 2030 });
    const created = res.body.changes.created.map((c: { entity: string; code: string }) => `${c.entity}:${c.code}`);
    expect(created).toEqual(
      expect.arrayContaining([
        'plan:DB-2026-2030',
        'agency:DB-X01',
        'section:PL01',
        'task:PL01.I.1.1',
        'task:PL01.I.2.(1).a',
        'task:PL02.II.1.a',
        'task:PL02.II.1.b.(i)',
        'indicator:DUONG-XA',
        'reportKind:quarterly',
      ]),
    );
    expect(res.body.changes.updated).toEqual([]);
    expect(await counts()).toEqual(before);
    // The worker reported its progress on the job, up to done; the page's bar reads it.
    // (The answer comes from Postgres; the job itself completes a moment later.)
    const queue = t.app.get(PlanImportService).queue;
    await waitFor(async () => (await (await queue.getJob(res.body.importId))?.getState()) === 'completed');
    expect((await queue.getJob(res.body.importId))?.progress).toBe(1);
    await t.http().get(`/api/plans/${DB_PLAN}`).set('Authorization', coordinator).expect(404);
  });

  it('imports the plan: task tree, tolerant agency names, capital, indicator targets, and its quarterly regime', async () => {
    await upload(await dienBienWorkbook(), false).expect(200);
    // Cao Bằng's coordinator (Sở Xây dựng Cao Bằng) works on Điện Biên's plan once named a member of it.
    await t.http().get(`/api/plans/${DB_PLAN}`).set('Authorization', coordinator).expect(403);
    await t.http().put(`/api/plans/${DB_PLAN}/members/coordinator`).set('Authorization', admin).expect(204);
    const plan = await t.http().get(`/api/plans/${DB_PLAN}`).set('Authorization', coordinator).expect(200);
    expect(plan.body.sections).toEqual([
      expect.objectContaining({
        code: 'PL01',
        title: 'Giao thông',
        capital: { total: '1250.5', stateBudget: '1000.5', nonStateBudget: '250' },
      }),
      expect.objectContaining({ code: 'PL02', title: 'Đô thị', capital: { total: '200', stateBudget: '150', nonStateBudget: '50' } }),
    ]);
    const doc = (await t.app.get(PlanDocumentReader).load(DB_PLAN))!;
    const pl01 = doc.sections[0].tasks[0];
    expect(pl01).toMatchObject({ code: 'PL01.I', kind: 'group', timeline: { kind: 'period', year: 2026, endYear: 2030 } });
    expect(pl01.children.map((c) => c.code)).toEqual(['PL01.I.1', 'PL01.I.2']);
    expect(pl01.children[0]).toMatchObject({
      kind: 'project',
      leads: ['DB-SXD'],
      cooperating: ['DB-STC'],
      capitalTotal: '800',
      note: 'Vốn trung ương',
    });
    expect(pl01.children[0].children[0]).toMatchObject({
      code: 'PL01.I.1.1',
      leads: ['DB-X01'],
      timeline: { kind: 'year', year: 2026, text: 'Hoàn thành trong quý II/2026' },
    });
    expect(pl01.children[0].children[1]).toMatchObject({ leads: ['DB-SXD'], timeline: { kind: 'end_year', year: 2027, text: null } });
    expect(pl01.children[1]).toMatchObject({
      leads: ['DB-X01', 'DB-X02'],
      capitalTotal: '450.5',
      capitalStateBudget: '200.5',
      timeline: { kind: 'ongoing' },
    });
    expect(doc.indicators).toEqual([
      expect.objectContaining({
        code: 'DUONG-XA',
        taskCode: 'PL01.I.2',
        owners: ['DB-X01', 'DB-X02'],
        targets: [
          { year: 2026, comparator: 'at_least', value: '20', valueTo: null, note: null },
          { year: 2030, comparator: 'at_least', value: '120.5', valueTo: null, note: 'Cả giai đoạn' },
        ],
      }),
    ]);

    // Quarterly reports due before the 15th of the last month of each quarter, with no code change.
    const periods = await t.http().get(`/api/plans/${DB_PLAN}/periods`).set('Authorization', coordinator).expect(200);
    const quarters2026 = periods.body.filter((p: { kind: string; year: number }) => p.kind === 'quarterly' && p.year === 2026);
    expect(
      quarters2026.map((p: { label: string; dueAt: string; consolidationDueAt: string }) => [p.label, p.dueAt, p.consolidationDueAt]),
    ).toEqual([
      ['Báo cáo quý 1 năm 2026', '2026-03-15T00:00:00+07:00', '2026-03-25T00:00:00+07:00'],
      ['Báo cáo quý 2 năm 2026', '2026-06-15T00:00:00+07:00', '2026-06-25T00:00:00+07:00'],
      ['Báo cáo quý 3 năm 2026', '2026-09-15T00:00:00+07:00', '2026-09-25T00:00:00+07:00'],
      ['Báo cáo quý 4 năm 2026', '2026-12-15T00:00:00+07:00', '2026-12-25T00:00:00+07:00'],
    ]);
    expect(periods.body.filter((p: { kind: string }) => p.kind === 'quarterly')).toHaveLength(20);
    // Its reminders are timers like Cao Bằng's: D-7 of the first quarter at 08:00 on 8/3. The worker
    // plans them right after the import is recorded as done, so the answer can come a moment first.
    const timer = await waitFor(async () => {
      const [row] = await t.db.query<{ due_at: Date }[]>(
        `SELECT e.due_at FROM calendar_events e JOIN reporting_periods p ON p.id = e.period_id JOIN plans pl ON pl.id = p.plan_id
         WHERE pl.code = $1 AND p.label = 'Báo cáo quý 1 năm 2026' AND e.rule_code = 'D-7'`,
        [DB_PLAN],
      );
      return row;
    });
    expect(new Date(timer.due_at).toISOString()).toBe('2026-03-08T01:00:00.000Z');
  });

  it('reports every bad cell by sheet, row and column in Vietnamese, lists unmatched agencies, and saves nothing', async () => {
    const before = await counts();
    const bad = await dienBienWorkbook((wb) => {
      const pl01 = wb.getWorksheet('PL01')!;
      pl01.getCell('C8').value = 'UBND xã Không Có';
      pl01.getCell('F8').value = 'nhiều';
      pl01.getCell('F6').value = 900; // the section total no longer state + non-state
      wb.getWorksheet('Chế độ báo cáo')!.getCell('G2').value = 'hạn cuối quý';
      wb.getWorksheet('Chỉ tiêu theo năm')!.getCell('B2').value = 2035;
    });
    const res = await upload(bad, false).expect(422);
    expect(res.body.code).toBe('IMPORT_REFUSED');
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        {
          sheet: 'PL01',
          row: 8,
          column: 'C',
          message: 'Không tìm thấy cơ quan "UBND xã Không Có". Hãy thêm cơ quan này vào trang "Cơ quan" hoặc sửa lại tên.',
        },
        {
          sheet: 'PL01',
          row: 8,
          column: 'F',
          message: '"nhiều" không phải số tiền hợp lệ (tỷ đồng, không âm, tối đa 3 chữ số thập phân).',
        },
        { sheet: 'PL01', row: 6, column: 'F', message: 'Tổng số (900) phải bằng Vốn NSNN (1000.5) cộng Vốn ngoài NS (250).' },
        expect.objectContaining({ sheet: 'Chế độ báo cáo', row: 2, column: 'G', message: expect.stringContaining('ngày 20 tháng thứ 5') }),
        { sheet: 'Chỉ tiêu theo năm', row: 2, column: 'B', message: 'Năm phải trong thời gian kế hoạch (2026–2030).' },
      ]),
    );
    expect(res.body.unmatchedAgencies).toEqual(['UBND xã Không Có']);
    expect(await counts()).toEqual(before);
  });

  it('refuses a file that is not a workbook (415) and anyone but the administrator (403)', async () => {
    const res = await upload(Buffer.from('%PDF-1.4 not a workbook'), true).expect(415);
    expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    await upload(await dienBienWorkbook(), true, coordinator).expect(403);
    await t
      .http()
      .post('/api/plans/import?dryRun=maybe')
      .set('Authorization', admin)
      .attach('file', await dienBienWorkbook(), 'x.xlsx')
      .expect(400);
  });

  it('re-importing the plan code updates that plan; the dry run lists what would change and be removed', async () => {
    const edited = await dienBienWorkbook((wb) => {
      const pl02 = wb.getWorksheet('PL02')!;
      pl02.getCell('B9').value = 'Cải tạo vỉa hè, hệ thống chiếu sáng trục chính';
      for (const r of [10, 11]) pl02.getRow(r).eachCell((c) => (c.value = null)); // drops "Trồng cây xanh" and its (i)
    });
    const dry = await upload(edited, true).expect(200);
    expect(dry.body.changes.updated).toEqual([{ entity: 'task', code: 'PL02.II.1.a', fields: ['title'] }]);
    expect(dry.body.changes.removed).toEqual(
      expect.arrayContaining([
        { entity: 'task', code: 'PL02.II.1.b' },
        { entity: 'task', code: 'PL02.II.1.b.(i)' },
      ]),
    );
    expect((await t.app.get(PlanDocumentReader).load(DB_PLAN))!.sections[1].tasks[0].children[0].children).toHaveLength(2);
    await upload(edited, false).expect(200);
    const doc = (await t.app.get(PlanDocumentReader).load(DB_PLAN))!;
    expect(doc.sections[1].tasks[0].children[0].children.map((c) => c.title)).toEqual(['Cải tạo vỉa hè, hệ thống chiếu sáng trục chính']);
  });

  it.each([DB_PLAN, 'CB-2026-2030'])('export → import of %s round-trips to an identical plan', async (code) => {
    const before = await t.app.get(PlanDocumentReader).load(code);
    const exported = await binary(t.http().get(`/api/plans/${code}/export.xlsx`).set('Authorization', coordinator)).expect(200);
    const res = await upload(exported.body, false).expect(200);
    expect(res.body.changes.created).toEqual([]);
    expect(res.body.changes.updated).toEqual([]);
    expect(res.body.changes.removed).toEqual([]);
    expect(res.body.changes.unchanged.length).toBeGreaterThan(10);
    expect(await t.app.get(PlanDocumentReader).load(code)).toEqual(before);
  });
});
