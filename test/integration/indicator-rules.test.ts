import { binaryParser, startTestApp, TestApp } from '../helpers/app';
import { convertWithLibreOffice } from '../helpers/office';
import { dienBienWorkbook } from '../fixtures/dien-bien-workbook';
import { SESSION_COOKIE } from '../../src/web/page-session';

type Report = {
  id: string;
  version: number;
  tasks: { taskCode: string; role: string }[];
  indicators: { indicatorCode: string; aggregation: string; question: string | null; value: string | null }[];
};
type Line = { code: string; value: string | null; reportedBy: number; asked: number; aggregation: string };

const PLAN = 'CB-2026-2030';

/**
 * Indicators combine by a rule that is data (issue #16, item 1): each commune answers "Xã đã hoàn
 * thành quy hoạch chung?" for itself, Có/Không, and the province's figure is the count of yes, never
 * a sum of province-wide counts (the "116 / mục tiêu 53" of the first demo); a department's own
 * figure is its value. A planted set of answers gives exactly the figure the rule says, on the API,
 * in the DOCX and XLSX; an answer that is not yes/no, or a rate over 100 %, is refused at its field.
 */
describe('indicator aggregation rules', () => {
  let t: TestApp;
  let periodId: string;
  const auth: Record<string, string> = {};
  let communes: string[];

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-05-12T10:00:00+07:00' });
    communes = (await t.db.query<{ code: string }[]>(`SELECT code FROM agencies WHERE kind = 'commune' ORDER BY code LIMIT 6`)).map(
      (r) => r.code,
    );
    for (const u of ['admin', 'coordinator', 'SXD', '01273', ...communes]) auth[u] = await t.bearer(u);
    const periods = (await t.http().get(`/api/plans/${PLAN}/periods`).set('Authorization', auth.coordinator)).body as {
      id: string;
      kind: string;
      year: number;
    }[];
    periodId = periods.find((p) => p.kind === 'semiannual' && p.year === 2026)!.id;
  }, 60000);
  afterAll(() => t?.close());

  const my = async (who: string) =>
    (await t.http().get(`/api/periods/${periodId}/my-report`).set('Authorization', auth[who]).expect(200)).body as Report;
  const save = (who: string, body: object) => t.http().put(`/api/periods/${periodId}/my-report`).set('Authorization', auth[who]).send(body);
  const cookie = (who: string) => `${SESSION_COOKIE}=${auth[who].slice('Bearer '.length)}`;

  /** A complete report with these indicator answers, submitted. */
  const report = async (who: string, values: Record<string, string>) => {
    const r = await my(who);
    await save(who, {
      version: r.version,
      tasks: r.tasks
        .filter((x) => x.role === 'lead')
        .map((x) => ({ taskCode: x.taskCode, status: 'on_track', percentComplete: 40, workDone: 'Đã triển khai theo kế hoạch.' })),
      indicators: Object.entries(values).map(([indicatorCode, value]) => ({ indicatorCode, value })),
      summary: { assessment: 'Cơ bản đạt tiến độ.' },
    }).expect(200);
    await t.http().post(`/api/periods/${periodId}/my-report/submit`).set('Authorization', auth[who]).expect(200);
  };

  it('asks each commune its own yes/no question, on the API and on the form', async () => {
    const r = await my(communes[0]);
    expect(r.indicators.map((i) => [i.indicatorCode, i.aggregation, i.question])).toEqual([
      ['QHC-XA', 'count_yes', 'Xã đã hoàn thành quy hoạch chung?'],
      ['QHCT-XA', 'count_yes', 'Xã đã hoàn thành quy hoạch chi tiết khu trung tâm?'],
      ['QCKT', 'count_yes', 'Xã, phường đã hoàn thành quy chế quản lý kiến trúc?'],
    ]);
    const form = (await t.http().get(`/periods/${periodId}/report`).set('Cookie', cookie(communes[0])).expect(200)).text.normalize('NFC');
    const section = form.slice(form.indexOf('id="indicator-QHC-XA"'), form.indexOf('</fieldset>', form.indexOf('id="indicator-QHC-XA"')));
    expect(section).toContain('<legend>Xã đã hoàn thành quy hoạch chung?</legend>');
    expect(section).toContain('type="radio" name="indicators[0][value]" value="1"');
    expect(section).toContain('> Có</label>');
    expect(section).toContain('> Không</label>');
    expect(section).not.toContain('inputmode="decimal"');
    // The data window is the plan's own (14/5, before the 20/5 deadline), not Decree 09/2019's 14/6: the form says so.
    expect(form).toContain(
      'Số liệu báo cáo từ ngày 15/12/2025 đến ngày 14/05/2026 (theo Kế hoạch; Nghị định số 09/2019/NĐ-CP quy định thời gian khác).',
    );
    const calendar = (await t.http().get('/calendar').set('Cookie', cookie(communes[0])).expect(200)).text.normalize('NFC');
    expect(calendar).toMatch(/15\/12\/2025 – 14\/05\/2026<div class="muted">theo Kế hoạch/);
    expect(calendar).toContain('Nghị định số 09/2019/NĐ-CP (Điều 12');
  });

  it('refuses a count where the question wants yes or no, and a rate over 100 %, at the field, changing nothing', async () => {
    const r = await my(communes[0]);
    const refused = await save(communes[0], { version: r.version, indicators: [{ indicatorCode: 'QHC-XA', value: '53' }] }).expect(400);
    expect(refused.body).toMatchObject({
      code: 'IMPLAUSIBLE_FIGURES',
      errors: [{ path: 'indicators.0.value', code: 'ANSWER_NOT_YES_NO', message: expect.stringContaining('Chọn "Có" hoặc "Không"') }],
    });
    const after = await my(communes[0]);
    expect(after.version).toBe(r.version);
    expect(after.indicators.find((i) => i.indicatorCode === 'QHC-XA')!.value).toBeNull();

    const sxd = await my('SXD');
    const rate = await save('SXD', { version: sxd.version, indicators: [{ indicatorCode: 'NHUA-DT', value: '120' }] }).expect(400);
    expect(rate.body.errors).toEqual([
      { path: 'indicators.0.value', code: 'PERCENT_OUT_OF_RANGE', message: 'Tỷ lệ tối đa 100%, không phải 120%.' },
    ]);
  });

  it('takes a Có from the form as 1', async () => {
    const who = communes[5];
    const r = await my(who);
    const form = await t.http().get(`/periods/${periodId}/report`).set('Cookie', cookie(who)).expect(200);
    const csrf = /name="csrf" value="([^"]+)"/.exec(form.text)![1];
    const csrfCookie = ((form.headers['set-cookie'] as unknown as string[] | undefined) ?? []).map((c) => c.split(';')[0]).join('; ');
    const posted = await t
      .http()
      .post(`/periods/${periodId}/report`)
      .set('Cookie', `${cookie(who)}; ${csrfCookie}`)
      .type('form')
      .send({
        csrf,
        version: String(r.version),
        action: 'save',
        'indicators[0][indicatorCode]': 'QHC-XA',
        'indicators[0][value]': '1',
        'indicators[1][indicatorCode]': 'QHCT-XA',
        'indicators[1][value]': '0',
      })
      .expect(200);
    expect(posted.text.normalize('NFC')).toContain('Đã lưu bản nháp.');
    const saved = await my(who);
    expect(saved.indicators.map((i) => [i.indicatorCode, i.value])).toEqual([
      ['QHC-XA', '1'],
      ['QHCT-XA', '0'],
      ['QCKT', null],
    ]);
    const again = (await t.http().get(`/periods/${periodId}/report`).set('Cookie', cookie(who)).expect(200)).text;
    expect(again).toMatch(/name="indicators\[2\]\[value\]" value="" checked/);
    expect(again).toMatch(/name="indicators\[0\]\[value\]" value="1" checked/);
    expect(again).toMatch(/name="indicators\[1\]\[value\]" value="0" checked/);
  });

  it('consolidates the planted answers by each rule: the count of yes, never more than the agencies asked', async () => {
    // Five communes answer the general-planning question: three Có, two Không; one never answers.
    const answers = ['1', '1', '0', '1', '0'];
    for (const [i, code] of communes.slice(0, 5).entries()) await report(code, { 'QHC-XA': answers[i], QCKT: i === 0 ? '1' : '0' });
    await report('01273', { QCKT: '1' }); // a ward answers the architecture question
    await report('SXD', { NOXH: '120', 'NHUA-DT': '62.5' });

    const c = (await t.http().post(`/api/periods/${periodId}/consolidations`).set('Authorization', auth.coordinator).expect(201)).body;
    const line = (code: string) => (c.figures.indicators as Line[]).find((i) => i.code === code)!;
    expect(line('QHC-XA')).toMatchObject({ aggregation: 'count_yes', value: '3', reportedBy: 5, asked: 53 });
    expect(line('QCKT')).toMatchObject({ aggregation: 'count_yes', value: '2', reportedBy: 6, asked: 56 });
    expect(line('QHCT-XA')).toMatchObject({ value: null, reportedBy: 0, asked: 53 });
    expect(line('NOXH')).toMatchObject({ aggregation: 'single', value: '120', reportedBy: 1, asked: 1 });
    expect(line('NHUA-DT')).toMatchObject({ value: '62.5' });
    for (const l of (c.figures.indicators as Line[]).filter((x) => x.aggregation === 'count_yes'))
      expect(Number(l.value ?? 0)).toBeLessThanOrEqual(l.asked);

    const docx = await t
      .http()
      .get(`/api/consolidations/${c.id}/report.docx`)
      .set('Authorization', auth.coordinator)
      .buffer(true)
      .parse(binaryParser)
      .expect(200);
    const text = (await convertWithLibreOffice(docx.body as Buffer, 'docx', 'txt:Text'))
      .toString('utf8')
      .normalize('NFC')
      .replace(/\s+/g, ' ');
    expect(text).toContain('Số xã hoàn thành quy hoạch chung (3 đơn vị trả lời Có / 5 đơn vị đã trả lời / 53 đơn vị được hỏi)');
    expect(text).toContain('Số căn nhà ở xã hội hoàn thành (số liệu của đơn vị phụ trách)');
    expect(text).toContain('Số liệu báo cáo tính từ ngày 15/12/2025 đến ngày 14/5/2026 (theo thời gian lấy số liệu do Kế hoạch quy định).');
  }, 180000);

  it('refuses rules that cannot be: a yes-count without its question or over its agencies, a single value of many agencies', async () => {
    const post = (body: object) => t.http().post(`/api/plans/${PLAN}/indicators`).set('Authorization', auth.admin).send(body);
    const base = { name: 'Số xã có nhà văn hóa đạt chuẩn', unit: 'xã', ownerAgencyCodes: communes };
    const noQuestion = await post({
      ...base,
      code: 'NVH',
      aggregation: 'count_yes',
      targets: [{ year: 2030, comparator: 'at_least', value: '7' }],
    }).expect(400);
    expect(noQuestion.body.errors.map((e: { path: string }) => e.path)).toEqual(['question', 'targets.0.value']);
    expect(noQuestion.body.errors[1].message).toContain('lớn hơn số đơn vị được hỏi (6)');
    const single = await post({ ...base, code: 'NVH', aggregation: 'single' }).expect(400);
    expect(single.body.errors).toEqual([
      expect.objectContaining({ path: 'ownerAgencyCodes', message: expect.stringContaining('đúng một cơ quan') }),
    ]);
    await post({ ...base, code: 'NVH', aggregation: 'count_yes', question: 'Xã đã có nhà văn hóa đạt chuẩn?' }).expect(201);
    // Turning the 53-commune count into one agency's value is refused too.
    const patch = await t
      .http()
      .patch(`/api/plans/${PLAN}/indicators/QHC-XA`)
      .set('Authorization', auth.admin)
      .send({ aggregation: 'single' })
      .expect(400);
    expect(patch.body.errors[0].path).toBe('ownerAgencyCodes');
  });

  it('refuses a workbook whose yes-count has no question, at its cell', async () => {
    const wb = await dienBienWorkbook((w) => {
      w.getWorksheet('Chỉ tiêu')!.getCell('D2').value = 'Đếm đơn vị trả lời Có';
    });
    const res = await t
      .http()
      .post('/api/plans/import?dryRun=true')
      .set('Authorization', auth.admin)
      .attach('file', wb, { filename: 'ke-hoach.xlsx', contentType: 'application/octet-stream' })
      .expect(422);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ sheet: 'Chỉ tiêu', row: 2, message: expect.stringContaining('cần câu hỏi cho từng đơn vị') }),
        expect.objectContaining({ sheet: 'Chỉ tiêu theo năm', row: 3, message: expect.stringContaining('lớn hơn số đơn vị được hỏi (2)') }),
      ]),
    );
  });
});
