import ExcelJS from 'exceljs';
import { PlanDocumentReader } from '../../src/plans/workbook/plan-document-reader';
import { CalendarEventHandler } from '../../src/scheduling/calendar-event.handler';
import { ReconcilerService } from '../../src/scheduling/reconciler.service';
import { DB_PLAN, dienBienWorkbook } from '../fixtures/dien-bien-workbook';
import { binaryParser, startTestApp, TestApp } from '../helpers/app';

const KINDS = 'Chế độ báo cáo';
const MID_TERM = 'Báo cáo sơ kết giữa kỳ năm 2028';
const PROGRAMME = 'Chương trình hành động của cơ quan, đơn vị';

/**
 * Điện Biên's workbook states what a real plan asks beyond its quarterly reports: a mid-term
 * review in 2028 only, with its own window (data from 15/12/2025), deadline and consolidation;
 * and each body's action programme, a document sent once ("Văn bản"): the signed letter attached,
 * received rather than consolidated, closed once every owing body has sent it.
 */
function withReviewAndDocument(wb: ExcelJS.Workbook, edit?: (kinds: ExcelJS.Worksheet) => void): void {
  const kinds = wb.getWorksheet(KINDS)!;
  kinds.getCell('O1').value = 'Các năm báo cáo';
  kinds.getCell('P1').value = 'Hình thức báo cáo';
  kinds.addRow([
    'so-ket-giua-ky',
    'Báo cáo sơ kết giữa kỳ',
    'Hằng năm',
    null,
    'Báo cáo sơ kết giữa kỳ năm {year}',
    'ngày 1 tháng thứ 6',
    'ngày 20 tháng thứ 6',
    'ngày 30 tháng thứ 6',
    'ngày 15/12, 3 năm trước',
    'ngày 14/6 cùng năm',
    null,
    null,
    'Không',
    null,
    '2028',
    null,
  ]);
  kinds.addRow([
    'ctr-hanh-dong',
    'Chương trình hành động',
    'Một lần',
    null,
    PROGRAMME,
    null,
    null,
    null,
    null,
    null,
    '15/1/2026',
    '1/3/2026',
    'Không',
    'Sở Xây dựng tỉnh Điện Biên; Xã Mường Ảng',
    null,
    'Văn bản',
  ]);
  edit?.(kinds);
}

describe('reviews in chosen years and one-off document kinds', () => {
  let t: TestApp;
  let admin: string;
  let coordinator: string;
  let sxd: string;
  let x02: string;
  let programme: string;

  const upload = (file: Buffer) =>
    t
      .http()
      .post('/api/plans/import?dryRun=false')
      .set('Authorization', admin)
      .attach('file', file, { filename: 'ke-hoach.xlsx', contentType: 'application/octet-stream' });
  const periods = async () =>
    (await t.http().get(`/api/plans/${DB_PLAN}/periods`).set('Authorization', coordinator).expect(200)).body as {
      id: string;
      kind: string;
      label: string;
      year: number;
      form: string;
      state: string;
      dataFrom: string | null;
      dataTo: string | null;
      opensAt: string;
      dueAt: string;
      consolidationDueAt: string | null;
    }[];
  const page = async (auth: string, path: string) =>
    (
      await t
        .http()
        .get(path)
        .set('Cookie', `cbr_sid=${auth.replace('Bearer ', '')}`)
        .expect(200)
    ).text;
  /** The card of the programme on an agency's /my page. */
  const card = (html: string) => {
    const at = html.indexOf(PROGRAMME);
    expect(at).toBeGreaterThan(-1);
    return html.slice(at, html.indexOf('</li>', at));
  };
  const pdf = Buffer.from('%PDF-1.4\n% Chương trình hành động\n1 0 obj << >> endobj\ntrailer\n%%EOF\n');
  const attach = (auth: string) =>
    t
      .http()
      .post(`/api/periods/${programme}/my-report/attachments`)
      .set('Authorization', auth)
      .attach('file', pdf, { filename: 'Chương trình hành động.pdf', contentType: 'application/pdf' });

  /** Moves the clock and signs everyone in again (a session does not outlive weeks of test time). */
  const at = async (instant: string) => {
    t.clock.set(new Date(instant));
    coordinator = await t.bearer('coordinator');
    if (sxd) [sxd, x02] = [await t.bearer('db-sxd'), await t.bearer('db-x02')];
  };

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-01-20T09:00:00+07:00' });
    admin = await t.bearer('admin');
    coordinator = await t.bearer('coordinator');
  });
  afterAll(() => t.close());

  it('refuses a year outside the plan and "Văn bản" on a periodic kind, at their cells, saving nothing', async () => {
    const bad = await dienBienWorkbook((wb) =>
      withReviewAndDocument(wb, (kinds) => {
        kinds.getCell('O4').value = '2028, 2035';
        kinds.getCell('P2').value = 'Văn bản';
      }),
    );
    const res = await upload(bad).expect(422);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        { sheet: KINDS, row: 4, column: 'O', message: 'Năm 2035 nằm ngoài thời gian của kế hoạch (2026–2030).' },
        {
          sheet: KINDS,
          row: 2,
          column: 'P',
          message: 'Hình thức "Văn bản" chỉ dùng cho báo cáo một lần; báo cáo định kỳ báo cáo theo từng nhiệm vụ.',
        },
      ]),
    );
    expect((await t.db.query(`SELECT count(*)::int AS n FROM plans WHERE code = $1`, [DB_PLAN]))[0].n).toBe(0);
  });

  it('imports the mid-term review as one 2028 period with its own window, deadline and consolidation (ICT)', async () => {
    await upload(await dienBienWorkbook((wb) => withReviewAndDocument(wb))).expect(200);
    await t.http().put(`/api/plans/${DB_PLAN}/members/coordinator`).set('Authorization', admin).expect(204);
    const all = await periods();
    const reviews = all.filter((p) => p.kind === 'so-ket-giua-ky');
    expect(reviews.map((p) => [p.label, p.year, p.dataFrom, p.dataTo, p.opensAt, p.dueAt, p.consolidationDueAt])).toEqual([
      [MID_TERM, 2028, '2025-12-15', '2028-06-14', '2028-06-01T00:00:00+07:00', '2028-06-20T00:00:00+07:00', '2028-06-30T00:00:00+07:00'],
    ]);
    const letters = all.filter((p) => p.kind === 'ctr-hanh-dong');
    expect(letters.map((p) => [p.label, p.form, p.state, p.dueAt])).toEqual([[PROGRAMME, 'document', 'open', '2026-03-01T00:00:00+07:00']]);
    programme = letters[0].id;
    // The regime API says the same.
    const regime = await t.http().get(`/api/plans/${DB_PLAN}/regime`).set('Authorization', coordinator).expect(200);
    const kinds = regime.body.flatMap((r: { kinds: { code: string }[] }) => r.kinds);
    expect(kinds.find((k: { code: string }) => k.code === 'so-ket-giua-ky')).toMatchObject({ years: [2028], form: 'tasks' });
    expect(kinds.find((k: { code: string }) => k.code === 'ctr-hanh-dong')).toMatchObject({ years: [], form: 'document' });
  });

  it('takes years and the document form through the regime admin API, with field errors', async () => {
    const kinds = `/api/plans/${DB_PLAN}/report-kinds`;
    const bad = await t
      .http()
      .patch(`${kinds}/annual`)
      .set('Authorization', admin)
      .send({ years: [2029, 2029], form: 'document' })
      .expect(400);
    expect(bad.body.errors).toEqual(
      expect.arrayContaining([
        { path: 'form', message: 'Hình thức "Văn bản" chỉ dùng cho báo cáo một lần; báo cáo định kỳ báo cáo theo từng nhiệm vụ.' },
        { path: 'years.1', message: 'Năm 2029 bị lặp trong "Các năm báo cáo".' },
      ]),
    );
    const review = await t
      .http()
      .patch(`${kinds}/so-ket-giua-ky`)
      .set('Authorization', admin)
      .send({ years: [2028, 2030] })
      .expect(200);
    expect(review.body.years).toEqual([2028, 2030]);
    expect((await periods()).filter((p) => p.kind === 'so-ket-giua-ky').map((p) => [p.year, p.dataFrom])).toEqual([
      [2028, '2025-12-15'],
      [2030, '2027-12-15'],
    ]);
    await t
      .http()
      .patch(`${kinds}/so-ket-giua-ky`)
      .set('Authorization', admin)
      .send({ years: [2028] })
      .expect(200);
    expect((await periods()).filter((p) => p.kind === 'so-ket-giua-ky').map((p) => p.year)).toEqual([2028]);
  });

  it('exports the new columns and re-imports with zero changes', async () => {
    const before = await t.app.get(PlanDocumentReader).load(DB_PLAN);
    const exported = await t
      .http()
      .get(`/api/plans/${DB_PLAN}/export.xlsx`)
      .set('Authorization', coordinator)
      .buffer(true)
      .parse(binaryParser)
      .expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exported.body);
    const sheet = wb.getWorksheet(KINDS)!;
    const headers = (sheet.getRow(1).values as unknown[]).map(String);
    const row = (code: string) => {
      let found: ExcelJS.Row | undefined;
      sheet.eachRow((r) => {
        if (r.getCell(1).text === code) found = r;
      });
      return (header: string) => found!.getCell(headers.indexOf(header)).text;
    };
    expect(row('so-ket-giua-ky')('Các năm báo cáo')).toBe('2028');
    expect(row('so-ket-giua-ky')('Số liệu từ')).toBe('ngày 15/12/2025');
    expect(row('ctr-hanh-dong')('Hình thức báo cáo')).toBe('Văn bản');
    expect(row('quarterly')('Hình thức báo cáo')).toBe('Theo nhiệm vụ');
    expect(row('quarterly')('Các năm báo cáo')).toBe('');
    const guide = wb.getWorksheet('Hướng dẫn')!.getColumn(1).values.map(String).join('\n');
    expect(guide).toContain('"Các năm báo cáo"');
    expect(guide).toContain('"Hình thức báo cáo"');

    const res = await upload(exported.body).expect(200);
    expect([res.body.changes.created, res.body.changes.updated, res.body.changes.removed]).toEqual([[], [], []]);
    expect(await t.app.get(PlanDocumentReader).load(DB_PLAN)).toEqual(before);
  });

  it('lets an agency send the document: no task entries, the letter attached, refused without it and writing nothing', async () => {
    const hash = (await t.db.query<{ password_hash: string }[]>(`SELECT password_hash FROM users WHERE username = 'stc'`))[0].password_hash;
    for (const [username, agency] of [
      ['db-sxd', 'DB-SXD'],
      ['db-x02', 'DB-X02'],
    ])
      await t.db.query(
        `INSERT INTO users (username, password_hash, display_name, email, role, agency_id)
         SELECT $1::text, $2, $1::text, $1::text || '@dienbien.example', 'reporter', id FROM agencies WHERE code = $3`,
        [username, hash, agency],
      );
    sxd = await t.bearer('db-sxd');
    x02 = await t.bearer('db-x02');
    await at('2026-02-20T09:00:00+07:00');

    const draft = (await t.http().get(`/api/periods/${programme}/my-report`).set('Authorization', sxd).expect(200)).body;
    expect(draft).toMatchObject({ form: 'document', tasks: [], indicators: [], state: 'draft' });
    const form = await page(sxd, `/periods/${programme}/report`);
    expect(form).toContain('Văn bản gửi cơ quan tổng hợp');
    expect(form).toContain('Trích yếu nội dung');
    expect(form).not.toContain('Tỷ lệ hoàn thành');

    const withTasks = await t
      .http()
      .put(`/api/periods/${programme}/my-report`)
      .set('Authorization', sxd)
      .send({ version: draft.version, tasks: [{ taskCode: 'PL01.I.1', workDone: 'Đã lập' }] })
      .expect(400);
    expect(withTasks.body).toMatchObject({ code: 'DOCUMENT_REPORT_NO_TASKS', errors: [{ path: 'tasks' }] });
    const saved = await t
      .http()
      .put(`/api/periods/${programme}/my-report`)
      .set('Authorization', sxd)
      .send({ version: draft.version, officialLetter: { number: '15/CTr-SXD' }, summary: { assessment: 'Chương trình hành động của Sở' } })
      .expect(200);
    expect(saved.body.version).toBe(draft.version + 1);

    const refused = await t.http().post(`/api/periods/${programme}/my-report/submit`).set('Authorization', sxd).expect(422);
    expect(refused.body).toMatchObject({ code: 'REPORT_INCOMPLETE' });
    expect(refused.body.errors).toEqual([{ path: 'attachments', message: 'Chưa đính kèm văn bản đã ký (tệp PDF, ảnh, Word hoặc Excel).' }]);
    const [head] = await t.db.query(
      `SELECT r.state, r.version, (SELECT count(*)::int FROM report_revisions v WHERE v.report_id = r.id) AS revisions
       FROM agency_reports r WHERE r.id = $1`,
      [draft.id],
    );
    expect(head).toEqual({ state: 'draft', version: draft.version + 1, revisions: 0 });

    await attach(sxd).expect(201);
    const sent = await t.http().post(`/api/periods/${programme}/my-report/submit`).set('Authorization', sxd).expect(200);
    expect(sent.body).toMatchObject({ state: 'submitted', onTime: true, attachments: [{ name: 'Chương trình hành động.pdf' }] });
    expect(card(await page(sxd, '/my'))).toContain('Đã gửi');
    expect(card(await page(x02, '/my'))).toContain('Hạn gửi: trước ngày 01/03/2026');
  });

  it('shows a sent letter as received, never overdue; closes the period when every owing body has sent; stops reminding', async () => {
    await at('2026-03-01T09:00:00+07:00');
    expect((await periods()).find((p) => p.id === programme)!.state).toBe('due');
    const sent = card(await page(sxd, '/my'));
    expect(sent).toContain('Đã gửi');
    expect(sent).not.toContain('Quá hạn');
    expect(sent).not.toContain('Hạn gửi');
    expect(card(await page(x02, '/my'))).toContain('Quá hạn');

    const draft = (await t.http().get(`/api/periods/${programme}/my-report`).set('Authorization', x02).expect(200)).body;
    await t
      .http()
      .put(`/api/periods/${programme}/my-report`)
      .set('Authorization', x02)
      .send({ version: draft.version, officialLetter: { number: '03/CTr-UBND' }, summary: { assessment: 'Chương trình hành động của xã' } })
      .expect(200);
    await attach(x02).expect(201);
    const late = await t.http().post(`/api/periods/${programme}/my-report/submit`).set('Authorization', x02).expect(200);
    expect(late.body).toMatchObject({ state: 'submitted', onTime: false });

    // Received from every owing body: the period is closed, in the API and as stored.
    expect((await periods()).find((p) => p.id === programme)!.state).toBe('closed');
    expect((await t.db.query(`SELECT state FROM reporting_periods WHERE id = $1`, [programme]))[0].state).toBe('closed');
    for (const auth of [sxd, x02]) {
      const received = card(await page(auth, '/my'));
      expect(received).toContain('Đã gửi');
      expect(received).not.toContain('Quá hạn');
    }
    const status = await t.http().get(`/api/periods/${programme}/status`).set('Authorization', coordinator).expect(200);
    expect(status.body.summary).toMatchObject({ expected: 2, submitted: 2, missing: 0 });

    // D+1 falls due: nobody is reminded; the next reconcile skips the reminders left.
    await at('2026-03-02T08:00:30+07:00');
    const [d1] = await t.db.query<{ id: string }[]>(
      `SELECT id FROM calendar_events WHERE period_id = $1 AND event = 'reminder' AND rule_code = 'D+1'`,
      [programme],
    );
    expect(await t.app.get(CalendarEventHandler).fire(d1.id)).toMatchObject({ kind: 'skipped' });
    await t.app.get(ReconcilerService).reconcile();
    const events = await t.db.query<{ state: string; n: number }[]>(
      `SELECT state, count(*)::int AS n FROM calendar_events WHERE period_id = $1 AND event = 'reminder' AND due_at > $2 GROUP BY state`,
      [programme, new Date('2026-03-02T08:00:00+07:00')],
    );
    expect(events.map((e) => e.state)).toEqual(['skipped']);
    const reminded = await t.db.query(`SELECT count(*)::int AS n FROM reminders WHERE period_id = $1 AND rule LIKE 'D+%'`, [programme]);
    expect(reminded[0].n).toBe(0);
  });

  it('refuses a consolidation of the document kind (409); the coordinator reads the letters on the status page', async () => {
    const res = await t.http().post(`/api/periods/${programme}/consolidations`).set('Authorization', coordinator).expect(409);
    expect(res.body.code).toBe('DOCUMENT_KIND_NOT_CONSOLIDATED');
    expect((await t.db.query(`SELECT count(*)::int AS n FROM consolidations WHERE period_id = $1`, [programme]))[0].n).toBe(0);
    const received = await page(coordinator, `/periods/${programme}/reports`);
    expect(received).toContain('Sở Xây dựng tỉnh Điện Biên');
  });
});
