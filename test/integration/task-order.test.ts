import ExcelJS from 'exceljs';
import { binaryParser, startTestApp, TestApp } from '../helpers/app';

/**
 * One order of a plan's tasks (`plan_task_order`): the API's task list, an agency's report form,
 * the consolidated report and its workbook list the tasks alike, and a task that belongs to no
 * section comes after every section in all of them.
 */
describe('tasks in plan order, everywhere', () => {
  let t: TestApp;
  let periodId: string;
  const auth: Record<string, string> = {};
  const PLAN = 'CB-2026-2030';

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-05-10T09:00:00+07:00', env: { CALENDAR_RECONCILE_SECONDS: '3600' } });
    for (const u of ['admin', 'coordinator', '01290']) auth[u] = await t.bearer(u);
    // A task outside every section, and one added at the end of the first section, both led by 01290.
    const sections = (await t.http().get(`/api/plans/${PLAN}`).set('Authorization', auth.admin).expect(200)).body.sections as {
      code: string;
    }[];
    await t
      .http()
      .post(`/api/plans/${PLAN}/tasks`)
      .set('Authorization', auth.admin)
      .send({ code: 'Z.1', title: 'Nhiệm vụ chung không thuộc phụ lục nào', kind: 'task', sectionCode: null, leadAgencyCodes: ['01290'] })
      .expect(201);
    await t
      .http()
      .post(`/api/plans/${PLAN}/tasks`)
      .set('Authorization', auth.admin)
      .send({
        code: 'A.99',
        title: 'Nhiệm vụ bổ sung cuối phụ lục đầu',
        kind: 'task',
        sectionCode: sections[0].code,
        leadAgencyCodes: ['01290'],
      })
      .expect(201);
    const periods = (await t.http().get(`/api/plans/${PLAN}/periods`).set('Authorization', auth.coordinator)).body as {
      id: string;
      kind: string;
      year: number;
    }[];
    periodId = periods.find((p) => p.kind === 'semiannual' && p.year === 2026)!.id;
  }, 120000);
  afterAll(() => t?.close());

  /** `list` in the order of `reference`, keeping only the codes `list` has. */
  const inReferenceOrder = (reference: string[], list: string[]) => reference.filter((c) => list.includes(c));

  it('the API, the report form, the consolidation and its workbook agree, the task without a section last', async () => {
    const api = (
      (await t.http().get(`/api/plans/${PLAN}/tasks`).set('Authorization', auth.coordinator).expect(200)).body as { code: string }[]
    ).map((x) => x.code);
    expect(api.at(-1)).toBe('Z.1');
    expect(api.indexOf('A.99')).toBeLessThan(api.indexOf('Z.1'));

    const form = (
      (await t.http().get(`/api/periods/${periodId}/my-report`).set('Authorization', auth['01290']).expect(200)).body.tasks as {
        taskCode: string;
        role: string;
      }[]
    )
      .filter((x) => x.role === 'lead')
      .map((x) => x.taskCode);
    expect(form).toContain('Z.1');
    expect(form).toEqual(inReferenceOrder(api, form));
    expect(form.at(-1)).toBe('Z.1');

    const built = (await t.http().post(`/api/periods/${periodId}/consolidations`).set('Authorization', auth.coordinator).expect(201))
      .body as {
      id: string;
    };
    const snapshot = (await t.http().get(`/api/consolidations/${built.id}`).set('Authorization', auth.coordinator).expect(200)).body as {
      figures: { sections: { code: string; tasks: { code: string }[] }[] };
    };
    const consolidated = snapshot.figures.sections.flatMap((s) => s.tasks.map((x) => x.code));
    expect(consolidated).toContain('Z.1');
    expect(consolidated).toEqual(inReferenceOrder(api, consolidated));
    expect(consolidated.at(-1)).toBe('Z.1');

    const xlsx = await t
      .http()
      .get(`/api/consolidations/${built.id}/report.xlsx`)
      .set('Authorization', auth.coordinator)
      .buffer(true)
      .parse(binaryParser)
      .expect(200);
    const wb = new ExcelJS.Workbook();
    const body = xlsx.body as Buffer;
    await wb.xlsx.load(body.buffer.slice(body.byteOffset, body.byteOffset + body.length) as ArrayBuffer);
    const sheet = wb.getWorksheet('Nhiệm vụ')!;
    const known = new Set(api);
    const exported: string[] = [];
    sheet.eachRow((row) => {
      const code = row.getCell(2).text;
      if (known.has(code)) exported.push(code);
    });
    expect(exported).toEqual(consolidated);

    // The plan exported in the import layout: one sheet per section, the task code in its own column.
    // (A task outside every section has no sheet in that layout, and the export leaves it out.)
    const planXlsx = await t
      .http()
      .get(`/api/plans/${PLAN}/export.xlsx`)
      .set('Authorization', auth.admin)
      .buffer(true)
      .parse(binaryParser)
      .expect(200);
    const planBook = new ExcelJS.Workbook();
    const planBody = planXlsx.body as Buffer;
    await planBook.xlsx.load(planBody.buffer.slice(planBody.byteOffset, planBody.byteOffset + planBody.length) as ArrayBuffer);
    const inWorkbook: string[] = [];
    planBook.eachSheet((ws) => {
      const header = ws.getRow(4);
      let column = 0;
      header.eachCell((cell, n) => {
        if (cell.text === 'Mã nhiệm vụ') column = n;
      });
      if (column) ws.eachRow((row) => (known.has(row.getCell(column).text) ? inWorkbook.push(row.getCell(column).text) : undefined));
    });
    expect(inWorkbook).toContain('A.99');
    expect(inWorkbook).toEqual(inReferenceOrder(api, inWorkbook));
  }, 120000);
});
