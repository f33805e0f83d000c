import ExcelJS from 'exceljs';
import { importSamplePlans } from '../../src/demo/sample-plans';
import { PlanDocumentReader } from '../../src/plans/workbook/plan-document-reader';
import { TQ_PLAN } from '../../seeds/tuyen-quang/workbook';
import { binaryParser, startTestApp, TestApp } from '../helpers/app';
import { convertWithLibreOffice } from '../helpers/office';
import { DB_PLAN, dienBienWorkbook } from '../fixtures/dien-bien-workbook';

const CB = 'CB-2026-2030';
const SHEET = 'Chỉ tiêu theo năm';
const HEADER = ['Mã chỉ tiêu', 'Năm', 'So sánh', 'Giá trị', 'Giá trị đến', 'Ghi chú'];

/** The Điện Biên plan with two more indicators and targets as real plans state them: a range, "khoảng", a plain value. */
function withTargets(rows: (string | number | null)[][], extraIndicators = true) {
  return (wb: ExcelJS.Workbook) => {
    if (extraIndicators) {
      const indicators = wb.getWorksheet('Chỉ tiêu')!;
      indicators.addRow(['TANG-DS', 'Tốc độ tăng dân số đô thị bình quân', '%', 'Mới nhất', null, 'Sở Xây dựng tỉnh Điện Biên']);
      indicators.addRow(['TL-DT', 'Tỷ lệ đô thị hóa', '%', 'Mới nhất', null, 'Sở Xây dựng tỉnh Điện Biên']);
    }
    wb.removeWorksheet(wb.getWorksheet(SHEET)!.id);
    const ws = wb.addWorksheet(SHEET);
    ws.addRow(HEADER);
    ws.addRows(rows);
  };
}

const GOOD: (string | number | null)[][] = [
  ['DUONG-XA', 2026, 'Tối thiểu', 20, null, null],
  ['DUONG-XA', 2030, 'Tối thiểu', '120,5', null, 'Cả giai đoạn'],
  ['TANG-DS', 2026, null, '1,5–1,9', null, 'Nghị quyết: từ 1,5–1,9%'],
  ['TANG-DS', 2028, null, 'từ 1,6 đến 2', null, null],
  ['TANG-DS', 2030, 'Trong khoảng', 1.7, 2.1, null],
  ['TL-DT', 2026, null, 'khoảng 60', null, null],
  ['TL-DT', 2030, 'Tối thiểu', 80, null, null],
];

/**
 * Targets a real plan states that one value with at least / exactly / at most cannot hold:
 * ranges ("từ 1,5–1,9%") and "khoảng 60%". Imported from the workbook, shown on the API and the
 * plan page, exported canonically (export → import changes nothing), refused cell by cell when
 * wrong; set through the admin API; and judged met or not in the consolidated DOCX and XLSX.
 */
describe('indicator target ranges and "khoảng"', () => {
  let t: TestApp;
  let admin: string;
  let coordinator: string;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-05-18T09:00:00+07:00' });
    admin = await t.bearer('admin');
    coordinator = await t.bearer('coordinator');
  }, 60000);
  afterAll(() => t?.close());

  const upload = (file: Buffer, dryRun: boolean) =>
    t
      .http()
      .post(`/api/plans/import?dryRun=${dryRun}`)
      .set('Authorization', admin)
      .attach('file', file, { filename: 'ke-hoach.xlsx', contentType: 'application/octet-stream' });
  const binary = (req: ReturnType<ReturnType<TestApp['http']>['get']>) => req.buffer(true).parse(binaryParser);
  const page = (url: string, who = admin) =>
    t
      .http()
      .get(url)
      .set('Cookie', `cbr_sid=${who.replace('Bearer ', '')}`);

  it('imports a range, a "khoảng" and plain targets, stores and shows them', async () => {
    const res = await upload(await dienBienWorkbook(withTargets(GOOD)), false);
    expect([res.status, res.body.errors]).toEqual([200, []]);
    const stored = await t.db.query(
      `SELECT i.code, x.year, x.comparator, x.value::text AS value, x.value_to::text AS value_to
       FROM indicator_targets x JOIN indicators i ON i.id = x.indicator_id JOIN plans p ON p.id = i.plan_id
       WHERE p.code = $1 AND i.code IN ('TANG-DS', 'TL-DT') ORDER BY i.code, x.year`,
      [DB_PLAN],
    );
    expect(stored).toEqual([
      { code: 'TANG-DS', year: 2026, comparator: 'between', value: '1.500', value_to: '1.900' },
      { code: 'TANG-DS', year: 2028, comparator: 'between', value: '1.600', value_to: '2.000' },
      { code: 'TANG-DS', year: 2030, comparator: 'between', value: '1.700', value_to: '2.100' },
      { code: 'TL-DT', year: 2026, comparator: 'about', value: '60.000', value_to: null },
      { code: 'TL-DT', year: 2030, comparator: 'at_least', value: '80.000', value_to: null },
    ]);

    const api = await t.http().get(`/api/plans/${DB_PLAN}/indicators`).set('Authorization', admin).expect(200);
    const byCode = new Map((api.body as { code: string; targets: unknown[] }[]).map((i) => [i.code, i.targets]));
    expect(byCode.get('TANG-DS')).toEqual([
      { year: 2026, comparator: 'between', value: '1.5', valueTo: '1.9', note: 'Nghị quyết: từ 1,5–1,9%' },
      { year: 2028, comparator: 'between', value: '1.6', valueTo: '2', note: null },
      { year: 2030, comparator: 'between', value: '1.7', valueTo: '2.1', note: null },
    ]);
    expect(byCode.get('TL-DT')).toEqual([
      { year: 2026, comparator: 'about', value: '60', valueTo: null, note: null },
      { year: 2030, comparator: 'at_least', value: '80', valueTo: null, note: null },
    ]);
    expect(byCode.get('DUONG-XA')).toEqual([
      { year: 2026, comparator: 'at_least', value: '20', valueTo: null, note: null },
      { year: 2030, comparator: 'at_least', value: '120.5', valueTo: null, note: 'Cả giai đoạn' },
    ]);

    const html = (await page(`/plans/${DB_PLAN}`).expect(200)).text.normalize('NFC');
    for (const s of [
      'Năm 2026: 1,5–1,9 %',
      'Năm 2030: 1,7–2,1 %',
      'Năm 2026: khoảng 60 %',
      'Năm 2030: tối thiểu 80 %',
      'Năm 2030: tối thiểu 120,5 km',
    ])
      expect(html).toContain(s);
    const adminHtml = (await page(`/admin/plans/${DB_PLAN}`).expect(200)).text.normalize('NFC');
    expect(adminHtml).toContain('2026: 1,5–1,9 %; 2028: 1,6–2 %; 2030: 1,7–2,1 %');
    expect(adminHtml).toContain('2026: khoảng 60 %; 2030: tối thiểu 80 %');
  });

  it('exports the canonical form (comparator word, value, upper bound) and re-imports it with zero changes', async () => {
    await t.http().put(`/api/plans/${DB_PLAN}/members/coordinator`).set('Authorization', admin).expect(204);
    const before = await t.app.get(PlanDocumentReader).load(DB_PLAN);
    const exported = await binary(t.http().get(`/api/plans/${DB_PLAN}/export.xlsx`).set('Authorization', coordinator)).expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exported.body);
    const ws = wb.getWorksheet(SHEET)!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(HEADER);
    const rows = [];
    for (let r = 2; r <= ws.rowCount; r++) rows.push((ws.getRow(r).values as unknown[]).slice(1, 6));
    expect(rows).toEqual(
      expect.arrayContaining([
        ['TANG-DS', 2026, 'Trong khoảng', 1.5, 1.9],
        ['TL-DT', 2026, 'Khoảng', 60],
        ['TL-DT', 2030, 'Tối thiểu', 80],
      ]),
    );
    const guide = wb.getWorksheet('Hướng dẫn')!;
    const guideText = (guide.getColumn(1).values as unknown[]).filter((v): v is string => typeof v === 'string').join('\n');
    expect(guideText).toContain('"1,5–1,9"');
    expect(guideText).toContain('"khoảng 60"');
    expect(guideText).toContain('không quá 5% giá trị');

    const res = await upload(exported.body, false).expect(200);
    expect(res.body.changes.created).toEqual([]);
    expect(res.body.changes.updated).toEqual([]);
    expect(res.body.changes.removed).toEqual([]);
    expect(await t.app.get(PlanDocumentReader).load(DB_PLAN)).toEqual(before);
    // The Tuyên Quang programme's mid-term range survives the same round trip.
    expect(await importSamplePlans(t.app)).toBe(true);
    const tq = await t.app.get(PlanDocumentReader).load(TQ_PLAN);
    expect(tq!.indicators[0].targets[0]).toEqual({ year: 2028, comparator: 'between', value: '60', valueTo: '80', note: 'Giữa nhiệm kỳ' });
    const tqExport = await binary(t.http().get(`/api/plans/${TQ_PLAN}/export.xlsx`).set('Authorization', admin)).expect(200);
    const again = await upload(tqExport.body, true).expect(200);
    expect([again.body.changes.created, again.body.changes.updated, again.body.changes.removed]).toEqual([[], [], []]);
  });

  it('refuses reversed ranges, a range under another comparator, ambiguous decimals and a range without its end (422, by cell)', async () => {
    const before = await t.app.get(PlanDocumentReader).load(DB_PLAN);
    const bad = await dienBienWorkbook(
      withTargets([
        ['TANG-DS', 2026, null, '1,9–1,5', null, null],
        ['TANG-DS', 2027, 'Tối thiểu', '1,5–1,9', null, null],
        ['TANG-DS', 2028, null, '1,500', null, null],
        ['TANG-DS', 2029, 'Trong khoảng', 5, null, null],
        ['TANG-DS', 2030, null, 5, 4, null],
        ['TL-DT', 2026, null, 'khoảng 1,5–1,9', null, null],
        ['TL-DT', 2027, 'Khoảng', 60, 70, null],
        ['TL-DT', 2028, 'Tối đa', 'khoảng 60', null, null],
      ]),
    );
    const res = await upload(bad, false).expect(422);
    expect(res.body.code).toBe('IMPORT_REFUSED');
    expect(res.body.errors.filter((e: { sheet: string }) => e.sheet === SHEET)).toEqual([
      {
        sheet: SHEET,
        row: 2,
        column: 'D',
        message: 'Ô D2: khoảng "1,9–1,5" bị ngược: giá trị đầu phải nhỏ hơn giá trị cuối; hãy ghi "1,5–1,9".',
      },
      {
        sheet: SHEET,
        row: 3,
        column: 'C',
        message: 'Ô C3: mục tiêu là một khoảng giá trị nhưng cột "So sánh" ghi "Tối thiểu"; hãy ghi "Trong khoảng" hoặc để trống.',
      },
      {
        sheet: SHEET,
        row: 4,
        column: 'D',
        message:
          'Ô D4: giá trị "1,500" không rõ nghĩa: dấu phẩy là dấu thập phân (1,5) hay dấu phân cách hàng nghìn (1.500)? ' +
          'Hãy ghi "1500" nếu là 1.500, hoặc nhập ô dạng số nếu là 1,5.',
      },
      {
        sheet: SHEET,
        row: 5,
        column: 'D',
        message: 'Ô D5: so sánh "Trong khoảng" cần hai giá trị; hãy ghi "1,5–1,9" ở ô "Giá trị" hoặc ghi đầu trên ở cột "Giá trị đến".',
      },
      { sheet: SHEET, row: 6, column: 'E', message: 'Ô E6: khoảng "5–4" bị ngược: giá trị đầu phải nhỏ hơn giá trị cuối; hãy ghi "4–5".' },
      {
        sheet: SHEET,
        row: 7,
        column: 'D',
        message: 'Ô D7: "khoảng 1,5–1,9" là một khoảng giá trị nên không ghi kèm "khoảng"; hãy ghi dạng "1,5–1,9".',
      },
      {
        sheet: SHEET,
        row: 8,
        column: 'E',
        message: 'Ô E8: so sánh "Khoảng" không có giá trị đến; hãy để trống ô này hoặc ghi so sánh "Trong khoảng".',
      },
      {
        sheet: SHEET,
        row: 9,
        column: 'C',
        message: 'Ô C9: giá trị "khoảng 60" là "Khoảng" nhưng cột "So sánh" ghi "Tối đa"; hãy sửa một trong hai ô.',
      },
    ]);
    expect(await t.app.get(PlanDocumentReader).load(DB_PLAN)).toEqual(before);
  });

  it('takes and answers valueTo on the admin API, with field errors for a missing, reversed or stray upper bound', async () => {
    const put = (code: string, body: object) =>
      t.http().put(`/api/plans/${CB}/indicators/${code}/targets`).set('Authorization', admin).send(body);
    // These three count the communes answering yes in the seeded plan (a target can then not exceed
    // the 53 communes asked); here they are sums, so "khoảng 60" and a commune's 1,7 are figures.
    for (const code of ['QHC-XA', 'QHCT-XA', 'QCKT'])
      await t.http().patch(`/api/plans/${CB}/indicators/${code}`).set('Authorization', admin).send({ aggregation: 'sum' }).expect(200);
    const ok = await put('QHC-XA', [
      { year: 2026, comparator: 'between', value: '1.5', valueTo: '1.9' },
      { year: 2030, comparator: 'at_least', value: '53' },
    ]).expect(200);
    expect(ok.body.targets).toEqual([
      { year: 2026, comparator: 'between', value: '1.5', valueTo: '1.9', note: null },
      { year: 2030, comparator: 'at_least', value: '53', valueTo: null, note: null },
    ]);
    await put('QHCT-XA', [{ year: 2026, comparator: 'about', value: '60', valueTo: null }]).expect(200);

    const refused = await put('QCKT', [
      { year: 2026, comparator: 'between', value: '2' },
      { year: 2027, comparator: 'between', value: '2', valueTo: '2' },
      { year: 2028, comparator: 'about', value: '2', valueTo: '3' },
      { year: 2029, comparator: 'between', value: '2', valueTo: '-3' },
      { year: 2030, comparator: 'roughly', value: '2' },
    ]).expect(400);
    expect(refused.body.code).toBe('VALIDATION_FAILED');
    expect(refused.body.errors.map((e: { path: string }) => e.path)).toEqual(['targets.3.valueTo', 'targets.4.comparator']);
    const service = await put('QCKT', [
      { year: 2026, comparator: 'between', value: '2' },
      { year: 2027, comparator: 'between', value: '2', valueTo: '2' },
      { year: 2028, comparator: 'about', value: '2', valueTo: '3' },
    ]).expect(400);
    expect(service.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [
        { path: 'targets.0.valueTo', message: 'Mục tiêu "trong khoảng" cần giá trị đến (valueTo), lớn hơn giá trị đầu (value).' },
        { path: 'targets.1.valueTo', message: 'Giá trị đến 2 phải lớn hơn giá trị đầu 2 của khoảng.' },
        { path: 'targets.2.valueTo', message: 'Chỉ mục tiêu "trong khoảng" (between) mới có giá trị đến; hãy bỏ valueTo.' },
      ],
    });
    const kept = await t.http().get(`/api/plans/${CB}/indicators`).set('Authorization', admin).expect(200);
    expect(kept.body.find((i: { code: string }) => i.code === 'QCKT').targets).toEqual([
      { year: 2028, comparator: 'exactly', value: '56', valueTo: null, note: null },
    ]);
  });

  it('shows the period year’s target on the report form and judges it in the consolidated DOCX, XLSX and preview', async () => {
    const periods = (await t.http().get(`/api/plans/${CB}/periods`).set('Authorization', coordinator)).body as {
      id: string;
      kind: string;
      year: number;
    }[];
    const periodId = periods.find((p) => p.kind === 'semiannual' && p.year === 2026)!.id;
    const commune = await t.bearer('01290');
    const r = (await t.http().get(`/api/periods/${periodId}/my-report`).set('Authorization', commune).expect(200)).body as {
      version: number;
      tasks: { taskCode: string; role: string }[];
      indicators: { indicatorCode: string }[];
    };
    const form = (await page(`/periods/${periodId}/report`, commune).expect(200)).text.normalize('NFC');
    expect(form).toContain('mục tiêu năm 2026: 1,5–1,9 xã');
    expect(form).toContain('mục tiêu năm 2026: khoảng 60 xã');
    await t
      .http()
      .put(`/api/periods/${periodId}/my-report`)
      .set('Authorization', commune)
      .send({
        version: r.version,
        tasks: r.tasks
          .filter((x) => x.role === 'lead')
          .map((x) => ({ taskCode: x.taskCode, status: 'on_track', percentComplete: 40, workDone: 'Đã triển khai theo kế hoạch.' })),
        indicators: r.indicators.map((i) => ({ indicatorCode: i.indicatorCode, value: '1.7' })),
        summary: { assessment: 'Cơ bản đạt tiến độ.' },
      })
      .expect(200);
    await t.http().post(`/api/periods/${periodId}/my-report/submit`).set('Authorization', commune).expect(200);
    const c = (await t.http().post(`/api/periods/${periodId}/consolidations`).set('Authorization', coordinator).expect(201)).body;
    const line = (code: string) => c.figures.indicators.find((i: { code: string }) => i.code === code);
    expect(line('QHC-XA')).toMatchObject({
      value: '1.7',
      yearTarget: { comparator: 'between', value: '1.5', valueTo: '1.9' },
      finalTarget: { comparator: 'at_least', value: '53', valueTo: null },
      met: true,
    });
    expect(line('QHCT-XA')).toMatchObject({ value: '1.7', yearTarget: { comparator: 'about', value: '60', valueTo: null }, met: false });
    expect(line('QCKT')).toMatchObject({ value: '1.7', yearTarget: null, met: null });

    const docx = await binary(t.http().get(`/api/consolidations/${c.id}/report.docx`).set('Authorization', coordinator)).expect(200);
    const text = (await convertWithLibreOffice(docx.body as Buffer, 'docx', 'txt:Text')).toString('utf8').normalize('NFC');
    expect(text).toContain('Mục tiêu năm 2026');
    expect(text).toContain('Đánh giá');
    const after = (s: string) => text.slice(text.indexOf(s), text.indexOf(s) + 200).replace(/\s+/g, ' ');
    expect(after('QHC-XA')).toMatch(/1,7 1,5–1,9 tối thiểu 53 Đạt/);
    expect(after('QHCT-XA')).toMatch(/1,7 khoảng 60 khoảng 60 Chưa đạt/);

    const xlsx = await binary(t.http().get(`/api/consolidations/${c.id}/report.xlsx`).set('Authorization', coordinator)).expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body);
    const ws = wb.getWorksheet('Chỉ tiêu')!;
    expect((ws.getRow(2).values as unknown[]).slice(1)).toEqual([
      'Mã',
      'Chỉ tiêu',
      'Đơn vị tính',
      'Đạt được',
      'Số đơn vị báo cáo',
      'Số đơn vị được hỏi',
      'Cách tính',
      'Mục tiêu năm 2026',
      'Mục tiêu cuối kỳ',
      'Đánh giá',
    ]);
    const rows = new Map<string, unknown[]>();
    ws.eachRow((row, n) => {
      if (n > 2) rows.set(row.getCell(1).text, (row.values as unknown[]).slice(4));
    });
    expect(rows.get('QHC-XA')).toEqual([1.7, 1, 53, 'cộng dồn 1/53 đơn vị báo cáo', '1,5–1,9', 'tối thiểu 53', 'Đạt']);
    expect(rows.get('QHCT-XA')).toEqual([1.7, 1, 53, 'cộng dồn 1/53 đơn vị báo cáo', 'khoảng 60', 'khoảng 60', 'Chưa đạt']);
    const xtext = (await convertWithLibreOffice(xlsx.body as Buffer, 'xlsx', 'pdf')).subarray(0, 5).toString();
    expect(xtext).toBe('%PDF-');

    const preview = (await page(`/consolidations/${c.id}/preview`, coordinator).expect(200)).text.normalize('NFC');
    expect(preview).toContain('<td>1,5–1,9</td><td>tối thiểu 53</td><td>Đạt</td>');
    expect(preview).toContain('<td>khoảng 60</td><td>khoảng 60</td><td>Chưa đạt</td>');
  }, 240000);
});
