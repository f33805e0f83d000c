import ExcelJS from 'exceljs';
import { PlanDocumentReader } from '../../src/plans/workbook/plan-document-reader';
import { binaryParser, startTestApp, TestApp } from '../helpers/app';
import { convertWithLibreOffice } from '../helpers/office';
import { DB_PLAN, dienBienWorkbook } from '../fixtures/dien-bien-workbook';

type Cells = (string | number | null)[];

/**
 * The Điện Biên plan split by two capital phases, as a 2026–2030 plan states "giai đoạn 2026–2027"
 * and "giai đoạn 2028–2030": the plan sheet lists them, each appendix adds a column group per
 * phase (J–L, M–O) beside the whole-plan one. `rows` are the phase cells by sheet row.
 */
function withPhases(phases: string, groups: string[], rows: Record<string, Record<number, Cells>>) {
  return (wb: ExcelJS.Workbook) => {
    wb.getWorksheet('Kế hoạch')!.addRow(['Các giai đoạn vốn', phases]);
    for (const name of ['PL01', 'PL02']) {
      const ws = wb.getWorksheet(name)!;
      groups.forEach((g, i) => {
        const first = 10 + 3 * i;
        ['Tổng số', 'Vốn NSNN', 'Vốn ngoài NS'].forEach((h, j) => {
          ws.getCell(4, first + j).value = `Nhu cầu vốn giai đoạn ${g} (tỷ đồng)`;
          ws.getCell(5, first + j).value = h;
        });
        ws.mergeCells(4, first, 4, first + 2);
      });
      for (const [row, cells] of Object.entries(rows[name] ?? {})) cells.forEach((v, j) => (ws.getCell(Number(row), 10 + j).value = v));
    }
  };
}

const GROUPS = ['2026–2027', '2028–2030'];
const GOOD = {
  // PL01: the total row (6), task "1" (row 8: 800 = 0.1 + 799.9) and task "1.2" (row 10, no whole-plan figure).
  PL01: {
    6: ['450,2', '350,1', '100,1', '800,3', '650,4', '149,9'],
    8: ['0,1', '0,1', 0, '799,9', '799,9', 0],
    10: ['0,1', null, null, '0,2', null, null],
  },
  // PL02 gives only its first phase on the total row (two figures: the third is computed).
  PL02: { 6: [50, 40, null] },
};

describe('capital by phase', () => {
  let t: TestApp;
  let admin: string;
  let coordinator: string;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-04-10T09:00:00+07:00' });
    admin = await t.bearer('admin');
    coordinator = await t.bearer('coordinator');
  }, 60000);
  afterAll(() => t?.close());

  const upload = (file: Buffer, dryRun = false) =>
    t
      .http()
      .post(`/api/plans/import?dryRun=${dryRun}`)
      .set('Authorization', admin)
      .attach('file', file, { filename: 'ke-hoach.xlsx', contentType: 'application/octet-stream' });
  const binary = (req: ReturnType<ReturnType<TestApp['http']>['get']>) => req.buffer(true).parse(binaryParser);

  it('imports two phases with their figures; the API answers them as exact decimals', async () => {
    const res = await upload(await dienBienWorkbook(withPhases('2026–2027; 2028–2030', GROUPS, GOOD)));
    expect([res.status, res.body.errors]).toEqual([200, []]);
    await t.http().put(`/api/plans/${DB_PLAN}/members/coordinator`).set('Authorization', admin).expect(204);

    const sections = (await t.http().get(`/api/plans/${DB_PLAN}/sections`).set('Authorization', coordinator).expect(200)).body;
    expect(sections.map((s: { code: string; capitalByPhase: unknown }) => [s.code, s.capitalByPhase])).toEqual([
      [
        'PL01',
        [
          { phase: '2026–2027', startYear: 2026, endYear: 2027, total: '450.2', stateBudget: '350.1', nonStateBudget: '100.1' },
          { phase: '2028–2030', startYear: 2028, endYear: 2030, total: '800.3', stateBudget: '650.4', nonStateBudget: '149.9' },
        ],
      ],
      ['PL02', [{ phase: '2026–2027', startYear: 2026, endYear: 2027, total: '50', stateBudget: '40', nonStateBudget: '10' }]],
    ]);
    const plan = (await t.http().get(`/api/plans/${DB_PLAN}`).set('Authorization', coordinator).expect(200)).body;
    expect(plan.capitalByPhase.map((p: { phase: string; total: string }) => [p.phase, p.total])).toEqual([
      ['2026–2027', '500.2'],
      ['2028–2030', '800.3'],
    ]);

    const tasks = (await t.http().get(`/api/plans/${DB_PLAN}/tasks?section=PL01`).set('Authorization', coordinator).expect(200)).body;
    const byCode = new Map(tasks.map((x: { code: string; capitalByPhase: unknown }) => [x.code, x.capitalByPhase]));
    expect(byCode.get('PL01.I.1')).toEqual([
      { phase: '2026–2027', startYear: 2026, endYear: 2027, total: '0.1', stateBudget: '0.1', nonStateBudget: '0' },
      { phase: '2028–2030', startYear: 2028, endYear: 2030, total: '799.9', stateBudget: '799.9', nonStateBudget: '0' },
    ]);
    expect(byCode.get('PL01.I.1.2')).toEqual([
      { phase: '2026–2027', startYear: 2026, endYear: 2027, total: '0.1', stateBudget: null, nonStateBudget: null },
      { phase: '2028–2030', startYear: 2028, endYear: 2030, total: '0.2', stateBudget: null, nonStateBudget: null },
    ]);
    expect(byCode.get('PL01.I.2')).toEqual([]);
    // Summed in SQL: 0.1 + 0.2 is 0.3, not 0.30000000000000004.
    const [sum] = await t.db.query(
      `SELECT trim_scale(sum(c.total))::text AS total FROM plan_phase_capital c JOIN tasks x ON x.id = c.task_id WHERE x.code = 'PL01.I.1.2'`,
    );
    expect(sum.total).toBe('0.3');
  });

  it('shows a column per phase in the plan page’s capital table', async () => {
    const html = (await t.http().get(`/plans/${DB_PLAN}`).expect(200)).text.normalize('NFC');
    const table = html.slice(html.indexOf('<table class="capital">'), html.indexOf('</table>', html.indexOf('<table class="capital">')));
    expect(table).toContain(
      '<th scope="col" class="num phase">Giai đoạn 2026–2027</th><th scope="col" class="num phase">Giai đoạn 2028–2030</th>',
    );
    expect(table).toMatch(/TỔNG CỘNG<\/td>.*<td class="num phase">500,2<\/td><td class="num phase">800,3<\/td><\/tr>/);
    // The plan's figures have one decimal, so the table keeps one throughout (as the text's "10.276,0").
    expect(table).toMatch(/Đô thị<\/a>.*<td class="num phase">50,0<\/td><td class="num phase"><\/td><\/tr>/);
  });

  it('puts the need of the period’s phase beside the whole plan’s in the consolidated DOCX', async () => {
    const periods = (await t.http().get(`/api/plans/${DB_PLAN}/periods`).set('Authorization', coordinator)).body as {
      id: string;
      kind: string;
      year: number;
    }[];
    const periodId = periods.find((p) => p.year === 2026)!.id;
    const c = (await t.http().post(`/api/periods/${periodId}/consolidations`).set('Authorization', coordinator).expect(201)).body;
    expect(c.figures.capital.phase).toEqual({
      label: '2026–2027',
      startYear: 2026,
      endYear: 2027,
      need: { total: '500.2', stateBudget: '390.1', nonStateBudget: '110.1' },
    });
    const docx = await binary(t.http().get(`/api/consolidations/${c.id}/report.docx`).set('Authorization', coordinator)).expect(200);
    const text = (await convertWithLibreOffice(docx.body as Buffer, 'docx', 'txt:Text')).toString('utf8').normalize('NFC');
    expect(text).toContain('Nhu cầu vốn cả kế hoạch');
    expect(text).toContain('Nhu cầu vốn giai đoạn 2026–2027');
    expect(text).toMatch(/Giao thông\s+1\.250,5\s+450,2/);
    expect(text).toMatch(/Tổng cộng\s+1\.450,5\s+500,2/);
  }, 60000);

  it('exports the phases back: export → re-import changes nothing', async () => {
    const before = await t.app.get(PlanDocumentReader).load(DB_PLAN);
    expect(before!.plan.capitalPhases).toEqual([
      { startYear: 2026, endYear: 2027 },
      { startYear: 2028, endYear: 2030 },
    ]);
    const exported = await binary(t.http().get(`/api/plans/${DB_PLAN}/export.xlsx`).set('Authorization', coordinator)).expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(exported.body);
    const pl01 = wb.getWorksheet('PL01')!;
    expect(pl01.getCell('M4').value).toBe('Nhu cầu vốn giai đoạn 2026–2027 (tỷ đồng)');
    const res = await upload(exported.body).expect(200);
    expect(res.body.changes.created).toEqual([]);
    expect(res.body.changes.updated).toEqual([]);
    expect(res.body.changes.removed).toEqual([]);
    expect(await t.app.get(PlanDocumentReader).load(DB_PLAN)).toEqual(before);
  });

  it('refuses, cell by cell, phases that do not add up, a phase not summing to its row and a span the plan does not have', async () => {
    const bad = await dienBienWorkbook(
      withPhases('2026–2027; 2028–2030', ['2026–2027', '2028–2029'], {
        PL01: {
          6: ['450,2', '350,1', '100,1', '800,3', '650,4', '149,9'],
          // 0.1 ≠ 0.1 + 0.1 within the phase; and 0.1 + 799.8 is not the whole-plan 800.
          8: ['0,1', '0,1', '0,1', '799,8', '799,8', 0],
        },
      }),
    );
    const before = (await t.db.query('SELECT count(*)::int AS n FROM plan_phase_capital'))[0].n;
    const res = await upload(bad).expect(422);
    expect(res.body.code).toBe('IMPORT_REFUSED');
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        {
          sheet: 'PL01',
          row: 4,
          column: 'M',
          message:
            'Giai đoạn 2028–2029 không có trong các giai đoạn vốn của kế hoạch (2026–2027; 2028–2030, dòng "Các giai đoạn vốn" ở trang "Kế hoạch").',
        },
        {
          sheet: 'PL01',
          row: 8,
          column: 'J',
          message: 'Tổng số giai đoạn 2026–2027 (0.1) phải bằng Vốn NSNN (0.1) cộng Vốn ngoài NS (0.1).',
        },
      ]),
    );
    // A sheet giving every phase: the sum is checked against the whole-plan cell.
    const mismatch = await dienBienWorkbook(
      withPhases('2026–2027; 2028–2030', GROUPS, { PL01: { 8: ['0,1', '0,1', 0, '799,8', '799,8', 0] } }),
    );
    const res2 = await upload(mismatch).expect(422);
    expect(res2.body.errors).toEqual([
      {
        sheet: 'PL01',
        row: 8,
        column: 'F',
        message: 'Tổng số (800) phải bằng cộng nhu cầu vốn các giai đoạn (2026–2027: 0.1; 2028–2030: 799.8; cộng 799.9).',
      },
      {
        sheet: 'PL01',
        row: 8,
        column: 'G',
        message: 'Vốn NSNN (800) phải bằng cộng nhu cầu vốn các giai đoạn (2026–2027: 0.1; 2028–2030: 799.8; cộng 799.9).',
      },
    ]);
    // A plan sheet without phases: a phase group is refused at its header.
    const noPhases = await dienBienWorkbook((wb) => {
      withPhases('', ['2026–2027'], {})(wb);
    });
    const res3 = await upload(noPhases).expect(422);
    expect(res3.body.errors).toContainEqual({
      sheet: 'PL01',
      row: 4,
      column: 'J',
      message:
        'Nhóm cột "Nhu cầu vốn giai đoạn 2026–2027 (tỷ đồng)": kế hoạch chưa có giai đoạn vốn. Hãy ghi dòng "Các giai đoạn vốn" ở trang "Kế hoạch" (ví dụ "2026–2027; 2028–2030") hoặc bỏ nhóm cột này.',
    });
    const overlapping = await dienBienWorkbook(withPhases('2026–2028; 2028–2030', [], {}));
    const res4 = await upload(overlapping).expect(422);
    expect(res4.body.errors).toEqual([
      {
        sheet: 'Kế hoạch',
        row: 12,
        column: 'B',
        message: 'Giai đoạn 2028–2030 phải bắt đầu sau giai đoạn 2026–2028 (các giai đoạn theo thứ tự, không chồng lên nhau).',
      },
    ]);
    expect((await t.db.query('SELECT count(*)::int AS n FROM plan_phase_capital'))[0].n).toBe(before);
  });
});
