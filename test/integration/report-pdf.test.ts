import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SESSION_COOKIE } from '../../src/web/page-session';
import { binaryParser, startTestApp, TestApp } from '../helpers/app';

type Report = {
  id: string;
  version: number;
  periodLabel: string;
  tasks: { taskCode: string; title: string; role: string }[];
  indicators: { indicatorCode: string; aggregation: string; question: string | null }[];
};

/**
 * The PDF copy of an agency's report as sent (issue #16 item 6, the receipt's "PDF copy"): a
 * commune fills and sends its report, then downloads the copy over the API and from the pages; it
 * is a real PDF whose text says who sent what, to whom, when and under which reference, with the
 * figures the Vietnamese way. Exactly who may read the report may download it; the copy is of what
 * was sent, not of a draft edited since.
 */
describe('the PDF copy of a sent report', () => {
  let t: TestApp;
  let periodId: string;
  let report: Report;
  let agencyName: string;
  const auth: Record<string, string> = {};
  const dir = mkdtempSync(join(tmpdir(), 'report-pdf-'));
  const COMMUNE = '01290';
  const OTHER_COMMUNE = '01273';
  const ASSESSMENT = 'Cơ bản hoàn thành kế hoạch; người dân đồng thuận, ủng hộ việc lập quy hoạch.';
  const LETTER_FILE = 'Công văn số 12 – UBND xã đã ký.pdf';

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-05-19T10:00:00+07:00' });
    for (const u of [COMMUNE, OTHER_COMMUNE, 'coordinator', 'leader']) auth[u] = await t.bearer(u);
    const periods = (await t.http().get('/api/plans/CB-2026-2030/periods').set('Authorization', auth.coordinator)).body as {
      id: string;
      kind: string;
      year: number;
    }[];
    periodId = periods.find((p) => p.kind === 'semiannual' && p.year === 2026)!.id;
    agencyName = (await t.db.query<{ name: string }[]>('SELECT name FROM agencies WHERE code = $1', [COMMUNE]))[0].name;
    report = (await t.http().get(`/api/periods/${periodId}/my-report`).set('Authorization', auth[COMMUNE]).expect(200)).body as Report;
  }, 60000);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t?.close();
  });

  const cookie = (who: string) => `${SESSION_COOKIE}=${auth[who].slice('Bearer '.length)}`;
  const lead = () => report.tasks.filter((x) => x.role === 'lead');
  const cooperating = () => report.tasks.filter((x) => x.role !== 'lead');
  /** Each lead task's own percent, so that a percent printed under the wrong task is seen. */
  const percentOf = (i: number) => 35 + 7 * i;
  const apiPdf = (who: string) =>
    t.http().get(`/api/reports/${report.id}/report.pdf`).set('Authorization', auth[who]).buffer(true).parse(binaryParser);
  const pagePdf = (who: string) =>
    t.http().get(`/reports/${report.id}/report.pdf`).set('Cookie', cookie(who)).buffer(true).parse(binaryParser);
  /** The text of a PDF as a reader copies it (poppler's pdftotext), lines joined. */
  const textOf = (bytes: Buffer, name: string): string => {
    const file = join(dir, name);
    writeFileSync(file, bytes);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  };
  const reference = (revision: number) => `${COMMUNE}-2026-6T-${report.id.slice(0, 8).toUpperCase()}-L${revision}`;

  it('has no copy before the report is sent (404), for the agency and the coordinator alike', async () => {
    expect(lead().length).toBeGreaterThan(0);
    const res = await apiPdf(COMMUNE).expect(404);
    expect(JSON.parse(res.body.toString('utf8')).code).toBe('REPORT_NOT_SENT');
    await apiPdf('coordinator').expect(404);
  });

  it('fills and sends a complete report', async () => {
    await t
      .http()
      .post(`/api/periods/${periodId}/my-report/attachments`)
      .set('Authorization', auth[COMMUNE])
      .attach('file', Buffer.from('%PDF-1.4\n% cong van\n1 0 obj << >> endobj\ntrailer\n%%EOF\n'), {
        filename: LETTER_FILE,
        contentType: 'application/pdf',
      })
      .expect(201);
    const leadCodes = lead().map((x) => x.taskCode);
    await t
      .http()
      .put(`/api/periods/${periodId}/my-report`)
      .set('Authorization', auth[COMMUNE])
      .send({
        version: report.version,
        officialLetter: { number: '12/BC-UBND', date: '2026-05-15' },
        tasks: report.tasks.map((x) =>
          x.role === 'lead'
            ? {
                taskCode: x.taskCode,
                status: 'on_track',
                percentComplete: percentOf(leadCodes.indexOf(x.taskCode)),
                workDone: 'Đã khảo sát hiện trạng và lấy ý kiến cộng đồng dân cư.',
                ...(x.taskCode === leadCodes[0]
                  ? {
                      capitalAllocated: '12.5',
                      capitalAllocatedStateBudget: '10',
                      capitalDisbursed: '5.25',
                      capitalDisbursedStateBudget: '5',
                    }
                  : {}),
                difficulties: 'Thiếu kinh phí đo đạc địa hình.',
                difficultyKind: 'capital',
                proposals: 'Đề nghị tỉnh bổ sung vốn.',
                nextSteps: 'Trình thẩm định đồ án.',
              }
            : { taskCode: x.taskCode, workDone: 'Đã phối hợp cung cấp số liệu.' },
        ),
        indicators: report.indicators
          .filter((i) => i.aggregation === 'count_yes')
          .map((i, n) => ({ indicatorCode: i.indicatorCode, value: n === 0 ? '1' : '0' })),
        summary: { assessment: ASSESSMENT, difficulties: 'Nguồn vốn còn hạn chế.', proposals: 'Đề nghị hướng dẫn thủ tục.' },
      })
      .expect(200);
    const sent = await t.http().post(`/api/periods/${periodId}/my-report/submit`).set('Authorization', auth[COMMUNE]).expect(200);
    expect(sent.body.state).toBe('submitted');
  });

  it('gives the agency a real A4 PDF saying who sent what, to whom, when, and under which reference', async () => {
    const res = await apiPdf(COMMUNE).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="bao-cao-${reference(1)}.pdf"; filename*=UTF-8''bao-cao-${reference(1)}.pdf`,
    );
    expect(res.headers['cache-control']).toBe('no-store');
    const bytes = res.body as Buffer;
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = textOf(bytes, 'agency.pdf');
    expect(execFileSync('pdfinfo', [join(dir, 'agency.pdf')], { encoding: 'utf8' })).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    expect(text.normalize('NFC')).toBe(text); // diacritics come back precomposed, not as stray marks
    expect(text).toContain(agencyName);
    expect(text).toContain('BÁO CÁO');
    expect(text).toContain(report.periodLabel);
    expect(text).toContain('Kính gửi: Sở Xây dựng');
    expect(text).toContain(`Số tiếp nhận: ${reference(1)}`);
    expect(text).toContain('Thời điểm gửi: 10:00 ngày 19/05/2026');
    expect(text).toContain('Hạn gửi: trước ngày 20/05/2026 – gửi đúng hạn');
    // Every lead task with its own status and percent, the money with the decimal comma, in tỷ đồng.
    const leadCodes = lead().map((x) => x.taskCode);
    const at = (code: string) => text.indexOf(` ${code} – `);
    leadCodes.forEach((code, i) => {
      const start = at(code);
      expect(start).toBeGreaterThan(-1);
      const end = i + 1 < leadCodes.length ? at(leadCodes[i + 1]) : text.length;
      const block = text.slice(start, end);
      expect(block).toContain(`Tỷ lệ hoàn thành: ${percentOf(i)}%`);
      expect(block).toContain('Tình trạng: Đang triển khai – đúng tiến độ');
    });
    const first = text.slice(at(leadCodes[0]));
    expect(first).toContain('Vốn đã bố trí: 12,5 tỷ đồng (ngân sách nhà nước: 10 tỷ đồng)');
    expect(first).toContain('Vốn đã giải ngân: 5,25 tỷ đồng');
    expect(text).toContain('Khó khăn, vướng mắc: Thiếu kinh phí đo đạc địa hình. (loại: Nguồn vốn)');
    expect(text).toContain('Kiến nghị, đề xuất: Đề nghị tỉnh bổ sung vốn.');
    expect(text).toContain('Nhiệm vụ tiếp theo: Trình thẩm định đồ án.');
    // The tasks it cooperates on come after those it leads, with their text only.
    for (const c of cooperating()) {
      expect(at(c.taskCode)).toBeGreaterThan(at(leadCodes[leadCodes.length - 1]));
    }
    if (cooperating().length) expect(text).toContain('Kết quả phối hợp: Đã phối hợp cung cấp số liệu.');
    // A yes/no indicator prints its question and the answer.
    const yesNo = report.indicators.filter((i) => i.aggregation === 'count_yes');
    if (yesNo.length) expect(text).toContain(`${yesNo[0].indicatorCode}. ${yesNo[0].question} Có`);
    expect(text).toContain(`Đánh giá kết quả thực hiện: ${ASSESSMENT}`);
    expect(text).toContain('Văn bản báo cáo: số 12/BC-UBND, ngày 15/05/2026');
    expect(text).toContain(LETTER_FILE);
  });

  it('gives the same copy from the pages (cookie session), and to the coordinator and the leader', async () => {
    const page = await pagePdf(COMMUNE).expect(200);
    expect(page.headers['content-type']).toBe('application/pdf');
    expect(page.headers['content-disposition']).toMatch(/^attachment; filename="bao-cao-[A-Z0-9-]+\.pdf"/);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(textOf(page.body as Buffer, 'page.pdf')).toContain(`Số tiếp nhận: ${reference(1)}`);
    for (const who of ['coordinator', 'leader']) {
      const res = await apiPdf(who).expect(200);
      expect(textOf(res.body as Buffer, `${who}.pdf`)).toContain(agencyName);
    }
    await pagePdf('coordinator').expect(200);
  });

  it('is refused to another agency exactly as the report itself is', async () => {
    const report404 = await t.http().get(`/api/reports/${report.id}`).set('Authorization', auth[OTHER_COMMUNE]);
    expect(report404.status).toBe(404);
    const res = await apiPdf(OTHER_COMMUNE).expect(report404.status);
    expect(res.headers['content-type']).not.toMatch(/pdf/);
    const page = await pagePdf(OTHER_COMMUNE);
    expect(page.status).toBe(404);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    await t.http().get(`/api/reports/${report.id}/report.pdf`).expect(401);
  });

  it('stays the copy of what was sent while a returned report is edited, and a resend is L2', async () => {
    await t
      .http()
      .post(`/api/reports/${report.id}/return`)
      .set('Authorization', auth.coordinator)
      .send({ comment: 'Đề nghị bổ sung kết quả.' })
      .expect(200);
    const draft = (await t.http().get(`/api/periods/${periodId}/my-report`).set('Authorization', auth[COMMUNE]).expect(200)).body as Report;
    const EDITED = 'Đã bổ sung kết quả thực hiện theo ý kiến của Sở Xây dựng.';
    await t
      .http()
      .put(`/api/periods/${periodId}/my-report`)
      .set('Authorization', auth[COMMUNE])
      .send({ version: draft.version, summary: { assessment: EDITED } })
      .expect(200);
    const whileEdited = textOf((await apiPdf(COMMUNE).expect(200)).body as Buffer, 'returned.pdf');
    expect(whileEdited).toContain(`Số tiếp nhận: ${reference(1)}`);
    expect(whileEdited).toContain(ASSESSMENT);
    expect(whileEdited).not.toContain(EDITED);

    t.clock.set(new Date('2026-05-19T15:30:00+07:00'));
    await t.http().post(`/api/periods/${periodId}/my-report/submit`).set('Authorization', auth[COMMUNE]).expect(200);
    const resent = textOf((await apiPdf(COMMUNE).expect(200)).body as Buffer, 'resent.pdf');
    expect(resent).toContain(`Số tiếp nhận: ${reference(2)}`);
    expect(resent).toContain('Thời điểm gửi: 15:30 ngày 19/05/2026');
    expect(resent).toContain(EDITED);
  });
});
