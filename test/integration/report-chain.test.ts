import ExcelJS from 'exceljs';
import { PlanDocumentReader } from '../../src/plans/workbook/plan-document-reader';
import { binaryParser, startTestApp, TestApp } from '../helpers/app';
import { convertWithLibreOffice } from '../helpers/office';
import { SmtpSink, startSmtpSink } from '../helpers/smtp';
import { waitFor } from '../helpers/wait';

const CB = 'CB-2026-2030';
const UP = 'BXD-2026-2030';

/**
 * A report chain: Cao Bằng's departments report to Sở Xây dựng, whose consolidated report goes to
 * UBND tỉnh, which in turn reports half-yearly to the Ministry of Construction in a plan of its
 * own. When Sở Xây dựng marks its consolidated report sent, UBND tỉnh's report in the ministry's
 * plan carries the DOCX and a "Căn cứ" line, and UBND tỉnh's reporter gets an email; a retry
 * attaches nothing twice; the workbook states the chain in "Chế độ báo cáo" and exports it back.
 */
describe('report chain: a consolidated report becomes an input of the next level', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let admin: string;
  let coordinator: string;
  let ubnd: string;
  let cbPeriod: string;
  let upPeriod: string;

  const http = () => t.http();
  const binary = (req: ReturnType<ReturnType<TestApp['http']>['get']>) => req.buffer(true).parse(binaryParser);
  const upload = (file: Buffer) =>
    http()
      .post('/api/plans/import?dryRun=false')
      .set('Authorization', admin)
      .attach('file', file, { filename: 'ke-hoach.xlsx', contentType: 'application/octet-stream' });
  const exportOf = async (code: string) =>
    (await binary(http().get(`/api/plans/${code}/export.xlsx`).set('Authorization', admin)).expect(200)).body as Buffer;
  /** The workbook with the kinds sheet's "Gửi tiếp" cell of a kind set to `text`; answers the cell's address too. */
  async function withFeed(xlsx: Buffer, kind: string, text: string): Promise<{ file: Buffer; row: number; column: string }> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Chế độ báo cáo')!;
    const header = ws.getRow(1);
    let col = 0;
    header.eachCell((c, n) => {
      if (c.text === 'Gửi tiếp') col = n;
    });
    expect(col).toBeGreaterThan(0);
    let row = 0;
    ws.eachRow((r, n) => {
      if (n > 1 && r.getCell(1).text === kind) row = n;
    });
    expect(row).toBeGreaterThan(1);
    ws.getCell(row, col).value = text;
    return { file: Buffer.from(await wb.xlsx.writeBuffer()), row, column: ws.getColumn(col).letter };
  }

  beforeAll(async () => {
    smtp = await startSmtpSink();
    t = await startTestApp({
      now: '2026-05-18T09:00:00+07:00',
      env: { SMTP_URL: smtp.url, MAIL_RETRY_BASE_MS: '100', MAIL_RATE_PER_SECOND: '1000', CALENDAR_RECONCILE_SECONDS: '3600' },
    });
    admin = await t.bearer('admin');
    coordinator = await t.bearer('coordinator');
    // The ministry and its plan, whose semiannual report UBND tỉnh Cao Bằng owes.
    await http()
      .post('/api/agencies')
      .set('Authorization', admin)
      .send({ code: 'BXD', kind: 'other', name: 'Bộ Xây dựng', shortName: 'Bộ Xây dựng', emails: ['vp@bxd.example'] })
      .expect(201);
    await http()
      .post('/api/plans')
      .set('Authorization', admin)
      .send({
        code: UP,
        title: 'Kế hoạch triển khai Chiến lược phát triển ngành Xây dựng giai đoạn 2026-2030',
        issuingBody: 'Bộ Xây dựng',
        startYear: 2026,
        endYear: 2030,
        coordinatingAgencyCode: 'BXD',
      })
      .expect(201);
    await http()
      .post(`/api/plans/${UP}/report-kinds`)
      .set('Authorization', admin)
      .send({
        code: 'semiannual',
        name: 'Báo cáo 6 tháng',
        frequency: 'semiannual',
        periodLabel: 'Báo cáo 6 tháng {slot} năm {year}',
        dueRule: { monthOffset: 6, day: 10 },
        agencyCodes: ['UBNDT'],
      })
      .expect(201);
    await http()
      .post(`/api/plans/${UP}/report-kinds`)
      .set('Authorization', admin)
      .send({
        code: 'annual',
        name: 'Báo cáo năm',
        frequency: 'annual',
        periodLabel: 'Báo cáo năm {year}',
        dueRule: { monthOffset: 12, day: 10 },
        agencyCodes: ['UBNDT'],
      })
      .expect(201);
    // UBND tỉnh's reporter, who answers the ministry.
    await http()
      .post('/api/users')
      .set('Authorization', admin)
      .send({
        username: 'ubndt-bc',
        displayName: 'Hoàng Văn Minh',
        email: 'minh@ubnd.caobang.example',
        role: 'reporter',
        agencyCode: 'UBNDT',
        password: 'Báo cáo Bộ Xây dựng 2026',
      })
      .expect(201);
    ubnd = await t.bearer('ubndt-bc', 'Báo cáo Bộ Xây dựng 2026');
    const periods = async (code: string) =>
      (await http().get(`/api/plans/${code}/periods`).set('Authorization', admin).expect(200)).body as {
        id: string;
        kind: string;
        year: number;
        slot: number;
      }[];
    cbPeriod = (await periods(CB)).find((p) => p.kind === 'semiannual' && p.year === 2026 && p.slot === 1)!.id;
    upPeriod = (await periods(UP)).find((p) => p.kind === 'semiannual' && p.year === 2026 && p.slot === 1)!.id;
  }, 120000);
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('refuses a chain that cannot be, each at the "Gửi tiếp" cell, changing nothing', async () => {
    const xlsx = await exportOf(CB);
    const before = await t.app.get(PlanDocumentReader).load(CB);
    const cases: [string, RegExp][] = [
      ['KHONG-CO / semiannual', /Không có kế hoạch mã "KHONG-CO"/],
      [`${UP} / quarterly`, new RegExp(`Kế hoạch ${UP} không có loại báo cáo mã "quarterly"`)],
      [`${UP} / annual`, /khác loại này \(báo cáo 6 tháng\)/],
      [`${CB} / annual`, /không gửi tiếp vào chính kế hoạch này/],
      ['chỉ là chữ', /ghi mã kế hoạch cấp trên và mã loại báo cáo cách nhau bằng "\/"/],
    ];
    for (const [text, message] of cases) {
      const { file, row, column } = await withFeed(xlsx, 'semiannual', text);
      const res = await upload(file).expect(422);
      expect(res.body.code).toBe('IMPORT_REFUSED');
      expect(res.body.errors).toEqual([{ sheet: 'Chế độ báo cáo', row, column, message: expect.stringMatching(message) }]);
    }
    expect(await t.app.get(PlanDocumentReader).load(CB)).toEqual(before);
  }, 120000);

  it('refuses, through the regime API, a recipient that never owes the fed kind and a loop back', async () => {
    // The ministry's annual kind does not list Cao Bằng's Sở Xây dựng… but Cao Bằng's recipient is UBND tỉnh, which it lists:
    // a kind owed by other agencies only is refused.
    await http()
      .post(`/api/plans/${UP}/report-kinds`)
      .set('Authorization', admin)
      .send({
        code: 'quarterly',
        name: 'Báo cáo quý',
        frequency: 'semiannual',
        periodLabel: 'Báo cáo bán niên {slot}/{year}',
        dueRule: { monthOffset: 6, day: 12 },
        agencyCodes: ['BXD'],
      })
      .expect(201);
    const never = await http()
      .patch(`/api/plans/${CB}/report-kinds/semiannual`)
      .set('Authorization', admin)
      .send({ feeds: { planCode: UP, kindCode: 'quarterly' } })
      .expect(400);
    expect(never.body.errors).toEqual([{ path: 'feeds', message: expect.stringContaining('không phải báo cáo "quarterly"') }]);
    await http()
      .patch(`/api/plans/${CB}/report-kinds/semiannual`)
      .set('Authorization', admin)
      .send({ feeds: { planCode: UP, kindCode: 'semiannual' } })
      .expect(200);
    const loop = await http()
      .patch(`/api/plans/${UP}/report-kinds/semiannual`)
      .set('Authorization', admin)
      .send({ feeds: { planCode: CB, kindCode: 'semiannual' } })
      .expect(400);
    expect(loop.body.errors).toEqual([{ path: 'feeds', message: expect.stringContaining('tạo thành vòng') }]);
    await http().patch(`/api/plans/${CB}/report-kinds/semiannual`).set('Authorization', admin).send({ feeds: null }).expect(200);
  }, 120000);

  it('states the chain in the workbook, answers it in the regime API, and exports it back with zero changes', async () => {
    const { file } = await withFeed(await exportOf(CB), 'semiannual', `${UP} / semiannual`);
    const res = await upload(file).expect(200);
    expect(res.body.changes.updated).toEqual([{ entity: 'reportKind', code: 'semiannual', fields: ['feeds'] }]);
    const regime = (await http().get(`/api/plans/${CB}/regime`).set('Authorization', admin).expect(200)).body as {
      kinds: { code: string; feeds: unknown }[];
    }[];
    expect(regime[0].kinds.find((k) => k.code === 'semiannual')!.feeds).toEqual({ planCode: UP, kindCode: 'semiannual' });
    expect(regime[0].kinds.find((k) => k.code === 'annual')?.feeds ?? null).toBeNull();

    const before = await t.app.get(PlanDocumentReader).load(CB);
    const again = await upload(await exportOf(CB)).expect(200);
    expect(again.body.changes.created).toEqual([]);
    expect(again.body.changes.updated).toEqual([]);
    expect(again.body.changes.removed).toEqual([]);
    expect(await t.app.get(PlanDocumentReader).load(CB)).toEqual(before);
  }, 120000);

  it('finalizing Cao Bằng’s consolidation attaches its DOCX and a "Căn cứ" line to UBND tỉnh’s report, and mails its reporter', async () => {
    const built = (await http().post(`/api/periods/${cbPeriod}/consolidations`).set('Authorization', coordinator).expect(201)).body as {
      id: string;
    };
    const final = (
      await http()
        .post(`/api/consolidations/${built.id}/finalize`)
        .set('Authorization', coordinator)
        .send({ sentDate: '2026-05-18', documentNumber: '12' })
        .expect(200)
    ).body;
    const basis = 'Căn cứ Báo cáo số 12/BC-SXD ngày 18/5/2026 của Sở Xây dựng tỉnh Cao Bằng';
    expect(final.chain).toMatchObject({ planCode: UP, kindCode: 'semiannual', outcome: 'attached', basis, note: null });
    expect(final.chain.fileName).toMatch(/^bao-cao-tong-hop-CB-2026-2030-.+\.docx$/);

    const report = (await http().get(`/api/periods/${upPeriod}/my-report`).set('Authorization', ubnd).expect(200)).body as {
      id: string;
      state: string;
      summary: { assessment: string | null };
      attachments: { id: string; name: string }[];
    };
    expect(report.state).toBe('draft');
    expect(report.summary.assessment).toBe(basis);
    expect(report.attachments.map((a) => a.name)).toEqual([final.chain.fileName]);
    const docx = await binary(
      http().get(`/api/reports/${report.id}/attachments/${report.attachments[0].id}`).set('Authorization', ubnd),
    ).expect(200);
    const text = (await convertWithLibreOffice(docx.body as Buffer, 'docx', 'txt:Text')).toString('utf8').normalize('NFC');
    expect(text).toContain('BÁO CÁO');
    expect(text).toContain('12/BC-SXD');

    await waitFor(async () => smtp.received.some((m) => m.envelopeTo.includes('minh@ubnd.caobang.example')), 30000);
    const mail = smtp.received.find((m) => m.envelopeTo.includes('minh@ubnd.caobang.example'))!;
    expect(mail.subject).toContain('đã gửi báo cáo tổng hợp');
    expect(mail.text).toContain(basis);
    expect(mail.text).toContain(final.chain.fileName);
    expect(mail.text).toContain(`/periods/${upPeriod}/report`);

    // /my of UBND tỉnh's reporter lists the ministry's period.
    const login = await http().post('/api/auth/login').send({ username: 'ubndt-bc', password: 'Báo cáo Bộ Xây dựng 2026' }).expect(200);
    const my = await http()
      .get('/my')
      .set('Cookie', `cbr_sid=${login.body.accessToken as string}`)
      .expect(200);
    expect(my.text).toContain('Báo cáo 6 tháng 1 năm 2026');
  }, 240000);

  it('never attaches twice: a second finalize is refused and a retried delivery finds the file there', async () => {
    const [latest] = (await http().get(`/api/periods/${cbPeriod}/consolidations`).set('Authorization', coordinator).expect(200)).body as {
      id: string;
    }[];
    await http().post(`/api/consolidations/${latest.id}/finalize`).set('Authorization', coordinator).send({}).expect(409);
    // A retry of the delivery itself (the same consolidated report again) adds nothing.
    const rows = await t.db.query(`SELECT count(*)::int AS n FROM attachments WHERE source_consolidation_id = $1`, [latest.id]);
    expect(rows[0].n).toBe(1);
    await expect(
      t.db.query(
        `INSERT INTO attachments (report_id, name, size, sha256, media_type, storage_key, uploaded_by, created_at, source_consolidation_id)
         SELECT report_id, name, size, sha256, media_type, storage_key, uploaded_by, created_at, source_consolidation_id FROM attachments WHERE source_consolidation_id = $1`,
        [latest.id],
      ),
    ).rejects.toThrow(/uq_attachments_report_source/);
    const emails = await t.db.query(`SELECT count(*)::int AS n FROM emails WHERE kind = 'chain_input'`);
    expect(emails[0].n).toBe(1);
    // Cao Bằng's coordinator gains nothing in the ministry's plan.
    expect([403, 404]).toContain((await http().get(`/api/plans/${UP}/periods`).set('Authorization', coordinator)).status);
  });
});
