import { binaryParser, startTestApp, TestApp } from '../helpers/app';
import { convertWithLibreOffice } from '../helpers/office';
import { SmtpSink, startSmtpSink } from '../helpers/smtp';
import { waitFor } from '../helpers/wait';
import { importSamplePlans } from '../../src/demo/sample-plans';
import { ReconcilerService } from '../../src/scheduling/reconciler.service';
import { TQ_PLAN } from '../../seeds/tuyen-quang/workbook';

/**
 * Two plans of two provinces and two kinds of issuer side by side in one deployment: Cao Bằng's
 * People's Committee plan (coordinated by its Department of Construction) and Tuyên Quang's
 * provincial party committee programme (coordinated by a party board, reporting to the standing
 * committee). Each one's reminders, consolidated report and pages name its own body, motto,
 * number form and signer; the second one's homonymous agencies ("Sở Tài chính", "Sở Xây dựng")
 * import without touching Cao Bằng's.
 */
describe('two plans of two provinces side by side', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  const periodOf = async (plan: string, label: string) =>
    (
      await t.db.query<{ id: string }[]>(
        `SELECT rp.id FROM reporting_periods rp JOIN plans p ON p.id = rp.plan_id WHERE p.code = $1 AND rp.label = $2`,
        [plan, label],
      )
    )[0].id;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    t = await startTestApp({
      now: '2026-05-13T07:59:30+07:00',
      env: { SMTP_URL: smtp.url, MAIL_RETRY_BASE_MS: '100', MAIL_RATE_PER_SECOND: '1000', CALENDAR_RECONCILE_SECONDS: '3600' },
    });
    expect(await importSamplePlans(t.app)).toBe(true);
    await t.app.get(ReconcilerService).reconcile();
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it("imports the party programme with its own homonymous agencies, leaving Cao Bằng's untouched", async () => {
    const rows = await t.db.query<{ code: string; name: string; jurisdiction: string; emails: string[] }[]>(
      `SELECT code, name, jurisdiction, emails FROM agencies WHERE code IN ('STC', 'TQ-STC', 'SXD', 'TQ-SXD') ORDER BY code`,
    );
    expect(rows).toEqual([
      { code: 'STC', name: 'Sở Tài chính', jurisdiction: 'Cao Bằng', emails: ['stc@caobang.example'] },
      { code: 'SXD', name: 'Sở Xây dựng', jurisdiction: 'Cao Bằng', emails: ['sxd@caobang.example'] },
      { code: 'TQ-STC', name: 'Sở Tài chính tỉnh Tuyên Quang', jurisdiction: 'Tuyên Quang', emails: ['stc@tuyenquang.example'] },
      { code: 'TQ-SXD', name: 'Sở Xây dựng tỉnh Tuyên Quang', jurisdiction: 'Tuyên Quang', emails: ['sxd@tuyenquang.example'] },
    ]);
    const admin = await t.bearer('admin');
    const task = await t.http().get(`/api/plans/${TQ_PLAN}/tasks/PL02.2`).set('Authorization', admin).expect(200);
    expect(task.body.lead.map((a: { code: string }) => a.code)).toEqual(['TQ-STC']);
  });

  it('signs each plan’s reminders with its own coordinating body and address', async () => {
    t.clock.set(new Date('2026-05-13T08:00:01+07:00'));
    await t.app.get(ReconcilerService).reconcile();
    await waitFor(async () => smtp.received.some((m) => m.envelopeTo.includes('stc@tuyenquang.example')), 30000);
    await waitFor(async () => smtp.received.some((m) => m.envelopeTo.includes('stc@caobang.example')), 30000);
    const [tq] = smtp.received.filter((m) => m.envelopeTo.includes('stc@tuyenquang.example'));
    const [cb] = smtp.received.filter((m) => m.envelopeTo.includes('stc@caobang.example'));
    expect(tq.from).toContain('Ban Tuyên giáo và Dân vận Tỉnh ủy Tuyên Quang');
    expect(tq.from).toContain('btgdv@tuyenquang.example');
    expect(tq.text).toContain('Ban Tuyên giáo và Dân vận đề nghị Quý cơ quan');
    expect(tq.text).toContain('Báo cáo sơ kết 6 tháng đầu năm 2026');
    expect(tq.text).not.toMatch(/Sở Xây dựng|Cao Bằng|UBND tỉnh/);
    expect(cb.from).toContain('Sở Xây dựng tỉnh Cao Bằng');
    expect(cb.text).toContain('Sở Xây dựng đề nghị Quý cơ quan');
    expect(cb.text).not.toContain('Tuyên Quang');
  });

  it('gives each plan’s consolidated report its own letterhead, motto, number form and signer (LibreOffice text)', async () => {
    const text = async (coordinator: string, periodId: string) => {
      const auth = await t.bearer(coordinator);
      const built = await t.http().post(`/api/periods/${periodId}/consolidations`).set('Authorization', auth).expect(201);
      const docx = await t
        .http()
        .get(`/api/consolidations/${built.body.id}/report.docx`)
        .set('Authorization', auth)
        .buffer(true)
        .parse(binaryParser)
        .expect(200);
      return (await convertWithLibreOffice(docx.body as Buffer, 'docx', 'txt:Text')).toString('utf8').normalize('NFC');
    };
    const tq = await text('coordinator-tq', await periodOf(TQ_PLAN, 'Báo cáo sơ kết 6 tháng đầu năm 2026'));
    for (const s of [
      'TỈNH ỦY TUYÊN QUANG',
      'BAN TUYÊN GIÁO VÀ DÂN VẬN TỈNH ỦY',
      'ĐẢNG CỘNG SẢN VIỆT NAM',
      'Số       -BC/BTGDVTU',
      'Tuyên Quang, ngày 13 tháng 5 năm 2026',
      'Kính gửi: Ban Thường vụ Tỉnh ủy Tuyên Quang.',
      'K/T TRƯỞNG BAN',
      'PHÓ TRƯỞNG BAN',
      'Hoàng Thị Thu Hà',
      '- Lưu Văn phòng Ban.',
    ])
      expect(tq).toContain(s);
    for (const s of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'UBND', 'BC-SXD', 'GIÁM ĐỐC', 'Cao Bằng', 'tỷ đồng', 'báo cáo báo cáo'])
      expect(tq).not.toContain(s);

    const cb = await text('coordinator', await periodOf('CB-2026-2030', 'Báo cáo 6 tháng đầu năm 2026'));
    for (const s of [
      'UBND TỈNH CAO BẰNG',
      'SỞ XÂY DỰNG',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Số:       /BC-SXD',
      'Cao Bằng, ngày 13 tháng 5 năm 2026',
      'KT. GIÁM ĐỐC',
      'PHÓ GIÁM ĐỐC',
      '- Lưu: VT, QLXD.',
    ])
      expect(cb).toContain(s);
    for (const s of ['ĐẢNG CỘNG SẢN', 'Tuyên Quang']) expect(cb).not.toContain(s);
  });

  it('keeps each plan to its own people: the other coordinator gets 403, an agency never sees the other’s periods', async () => {
    const cbPeriod = await periodOf('CB-2026-2030', 'Báo cáo 6 tháng đầu năm 2026');
    const tqPeriod = await periodOf(TQ_PLAN, 'Báo cáo sơ kết 6 tháng đầu năm 2026');
    const tqCoordinator = await t.bearer('coordinator-tq');
    const before = await t.db.query<{ n: number }[]>('SELECT count(*)::int AS n FROM consolidations');
    const refused = await t.http().post(`/api/periods/${cbPeriod}/consolidations`).set('Authorization', tqCoordinator).expect(403);
    expect(refused.body.code).toBe('PLAN_FORBIDDEN');
    expect(await t.db.query('SELECT count(*)::int AS n FROM consolidations')).toEqual(before);
    await t.http().get(`/api/periods/${cbPeriod}/status`).set('Authorization', tqCoordinator).expect(403);
    await t
      .http()
      .get(`/api/periods/${tqPeriod}/status`)
      .set('Authorization', await t.bearer('coordinator'))
      .expect(403);
    await t.http().get(`/api/periods/${tqPeriod}/status`).set('Authorization', tqCoordinator).expect(200);

    const tqAgency = (await t.bearer('tq-sxd')).replace('Bearer ', '');
    const my = await t.http().get('/my').set('Cookie', `cbr_sid=${tqAgency}`).expect(200);
    expect(my.text).toContain('Báo cáo sơ kết 6 tháng đầu năm 2026');
    expect(my.text).not.toContain('Báo cáo 6 tháng đầu năm 2026');
    const cbAgency = (await t.bearer('stc')).replace('Bearer ', '');
    const cbMy = await t.http().get('/my').set('Cookie', `cbr_sid=${cbAgency}`).expect(200);
    expect(cbMy.text).toContain('Báo cáo 6 tháng đầu năm 2026');
    expect(cbMy.text).not.toContain('sơ kết');
    const foreign = await t.http().get(`/api/periods/${cbPeriod}/my-report`).set('Authorization', `Bearer ${tqAgency}`);
    expect([403, 404]).toContain(foreign.status);
  });

  it('names each plan’s own coordinator and recipient on its plan page', async () => {
    const token = (await t.bearer('leader-tq')).replace('Bearer ', '');
    const page = await t.http().get(`/plans/${TQ_PLAN}`).set('Cookie', `cbr_sid=${token}`).expect(200);
    expect(page.text).toContain('gửi Ban Tuyên giáo và Dân vận');
    expect(page.text).toContain('Hạn báo cáo Ban Thường vụ Tỉnh ủy');
    expect(page.text).toContain('Ban Tuyên giáo và Dân vận Tỉnh ủy Tuyên Quang');
    expect(page.text).not.toContain('Cao Bằng');
    expect(page.text).not.toContain('UBND tỉnh');
    const cbToken = (await t.bearer('leader')).replace('Bearer ', '');
    const cb = await t.http().get('/plans/CB-2026-2030').set('Cookie', `cbr_sid=${cbToken}`).expect(200);
    expect(cb.text).toContain('Hạn cơ quan, đơn vị gửi Sở Xây dựng');
    expect(cb.text).toContain('Hạn báo cáo UBND tỉnh');
    expect(cb.text).not.toContain('Tuyên Quang');
  });
});
