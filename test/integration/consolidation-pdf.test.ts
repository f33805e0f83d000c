import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { importSamplePlans } from '../../src/demo/sample-plans';
import { SESSION_COOKIE } from '../../src/web/page-session';
import { binaryParser, startTestApp, TestApp } from '../helpers/app';
import { sendLeadReport } from '../helpers/reports';

/**
 * The PDF preview of the consolidated report (issue #16): Sở Tài chính reports, the coordinator
 * builds the consolidation, saves the narrative from the page, and the PDF framed beside the
 * editor says what was just saved, under the letterhead, with the signer and the appendices on
 * landscape pages. It is refused exactly as the HTML preview is: to another plan's coordinator, to
 * an agency, to a visitor.
 */
describe('the PDF preview of the consolidated report', () => {
  let t: TestApp;
  let periodId: string;
  let consolidationId: string;
  let planTitle: string;
  const dir = mkdtempSync(join(tmpdir(), 'consolidation-pdf-'));
  const KEY_TASKS = 'Tập trung giải phóng mặt bằng các dự án giao thông trọng điểm, hoàn thành trước quý IV.';
  const ASSESSMENT = 'Sáu tháng đầu năm, các sở, ngành cơ bản bám sát Kế hoạch.\nTiến độ giải ngân vốn đầu tư công còn chậm.';

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-05-19T09:00:00+07:00', env: { CALENDAR_RECONCILE_SECONDS: '3600' } });
    expect(await importSamplePlans(t.app)).toBe(true);
    const coordinator = await t.bearer('coordinator');
    const periods = (await t.http().get('/api/plans/CB-2026-2030/periods').set('Authorization', coordinator).expect(200)).body as {
      id: string;
      kind: string;
      year: number;
    }[];
    periodId = periods.find((p) => p.kind === 'semiannual' && p.year === 2026)!.id;
    planTitle = (await t.http().get('/api/plans/CB-2026-2030').set('Authorization', coordinator).expect(200)).body.title;
    const stc = await t.bearer('stc');
    await sendLeadReport(t, stc, periodId, 50);
    // A week on (sessions signed in before have lapsed), the coordinator builds the consolidation.
    t.clock.set(new Date('2026-05-26T09:00:00+07:00'));
    consolidationId = (
      await t
        .http()
        .post(`/api/periods/${periodId}/consolidations`)
        .set('Authorization', await t.bearer('coordinator'))
        .expect(201)
    ).body.id;
  }, 60000);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t?.close();
  });

  const cookie = async (username: string) => `${SESSION_COOKIE}=${(await t.bearer(username)).slice('Bearer '.length)}`;
  const page = async (path: string, username: string): Promise<Response> =>
    t
      .http()
      .get(path)
      .set('Cookie', await cookie(username));
  const pdf = async (path: string, username: string): Promise<Response> =>
    t
      .http()
      .get(path)
      .set('Cookie', await cookie(username))
      .buffer(true)
      .parse(binaryParser);
  /** The text of a PDF as a reader copies it (poppler's pdftotext), whitespace collapsed. */
  const textOf = (bytes: Buffer, name: string): string => {
    const file = join(dir, name);
    writeFileSync(file, bytes);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  };
  const pageSizes = (name: string): string[] =>
    [
      ...execFileSync('pdfinfo', ['-f', '1', '-l', '999', join(dir, name)], { encoding: 'utf8' }).matchAll(
        /Page\s+\d+ size:\s+(\S+ x \S+)/g,
      ),
    ].map((m) => m[1]);
  const frameSrc = (res: Response): string => /<iframe src="([^"]+)"[^>]*id="pdf-preview-frame"/.exec(res.text)![1].replace(/&amp;/g, '&');

  it('shows beside the editor the narrative the coordinator just saved, as the DOCX words it', async () => {
    const session = await cookie('coordinator');
    const editor = await t.http().get(`/periods/${periodId}/consolidation`).set('Cookie', session);
    expect(editor.status).toBe(200);
    expect(editor.text).toContain('title="Bản PDF của báo cáo tổng hợp phiên bản 1"');
    expect(editor.text).toContain(`<a href="/consolidations/${consolidationId}/preview.pdf" id="pdf-preview-link">Xem bản PDF</a>`);
    const before = frameSrc(editor);
    const csrf = /name="csrf" value="([^"]+)"/.exec(editor.text)![1];
    const editVersion = /name="editVersion" value="(\d+)"/.exec(editor.text)![1];
    const csrfCookie = ((editor.headers['set-cookie'] as unknown as string[] | undefined) ?? []).map((c) => c.split(';')[0]);
    const saved = await t
      .http()
      .post(`/periods/${periodId}/consolidation`)
      .set('Cookie', [session, ...csrfCookie].join('; '))
      .type('form')
      .send({
        csrf,
        action: 'save',
        consolidationId,
        editVersion,
        narrative_assessment: ASSESSMENT,
        narrative_keyTasks: KEY_TASKS,
        documentNumber: '125/BC-SXD',
      });
    expect(saved.status).toBe(200);
    expect(saved.text).toContain('Đã lưu nội dung báo cáo tổng hợp.');
    // The frame asks for the saved version: no browser shows the PDF of before the save.
    const src = frameSrc(saved);
    expect(src).not.toBe(before);
    // Fitted to the frame's width, without the viewer's side panel (a fragment: the server never sees it).
    expect(src).toMatch(new RegExp(`^/consolidations/${consolidationId}/preview\\.pdf\\?v=\\d+#navpanes=0&view=FitH$`));

    const res = await pdf(src.replace(/#.*$/, ''), 'coordinator');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`inline; filename="bao-cao-tong-hop-v1.pdf"; filename*=UTF-8''bao-cao-tong-hop-v1.pdf`);
    expect(res.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'self'");
    expect(res.headers['cache-control']).toBe('no-store');
    const bytes = res.body as Buffer;
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = textOf(bytes, 'coordinator.pdf');
    expect(text.normalize('NFC')).toBe(text);
    for (const s of [
      'UBND TỈNH CAO BẰNG',
      'SỞ XÂY DỰNG',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Số: 125/BC-SXD',
      'Cao Bằng, ngày 26 tháng 5 năm 2026',
      'BÁO CÁO',
      `Kết quả thực hiện ${planTitle}`,
      '6 tháng đầu năm 2026',
      'Kính gửi: Ủy ban nhân dân tỉnh Cao Bằng.',
      'II. KẾT QUẢ THỰC HIỆN Sáu tháng đầu năm, các sở, ngành cơ bản bám sát Kế hoạch. Tiến độ giải ngân vốn đầu tư công còn chậm.',
      `IV. NHIỆM VỤ TRỌNG TÂM KỲ TỚI ${KEY_TASKS}`,
      'đã gửi: 1 (đúng hạn: 1; muộn: 0); chưa gửi: 63 (chi tiết tại Phụ lục I kèm theo)',
      'Nơi nhận:',
      'Lưu: VT, QLXD.',
      'KT. GIÁM ĐỐC',
      'PHÓ GIÁM ĐỐC',
      'Phụ lục I',
      'Phụ lục IV',
      '(Kèm theo Báo cáo số 125/BC-SXD ngày 26/5/2026 của Sở Xây dựng)',
      'Bản xem trước báo cáo tổng hợp phiên bản 1',
    ])
      expect([s, text.includes(s)]).toEqual([s, true]);
    // The report on A4 portrait, the appendices on A4 landscape.
    const sizes = pageSizes('coordinator.pdf');
    expect(sizes[0]).toBe('595.28 x 841.89');
    expect(sizes[sizes.length - 1]).toBe('841.89 x 595.28');

    // The leader reads the same PDF; over the API it is a download.
    const leader = await pdf(src.replace(/#.*$/, ''), 'leader');
    expect(leader.status).toBe(200);
    expect(textOf(leader.body as Buffer, 'leader.pdf')).toContain(KEY_TASKS);
    const api = await t
      .http()
      .get(`/api/consolidations/${consolidationId}/preview.pdf`)
      .set('Authorization', await t.bearer('leader'))
      .buffer(true)
      .parse(binaryParser)
      .expect(200);
    expect(api.headers['content-type']).toBe('application/pdf');
    expect(api.headers['content-disposition']).toMatch(/^attachment; filename="bao-cao-tong-hop-v1\.pdf"/);
    expect(textOf(api.body as Buffer, 'api.pdf')).toContain(KEY_TASKS);
  });

  it('is refused exactly as the HTML preview is: another plan’s coordinator, an agency, a visitor', async () => {
    const preview = `/consolidations/${consolidationId}/preview`;
    for (const username of ['coordinator-tq', 'stc', '01290']) {
      const html = await page(preview, username);
      expect([403, 404]).toContain(html.status);
      const refused = await pdf(`${preview}.pdf`, username);
      expect([username, refused.status]).toEqual([username, html.status]);
      expect(refused.headers['content-type']).toMatch(/^text\/html/);
      const api = await t
        .http()
        .get(`/api/consolidations/${consolidationId}/preview.pdf`)
        .set('Authorization', await t.bearer(username));
      const apiPreview = await t
        .http()
        .get(`/api/consolidations/${consolidationId}`)
        .set('Authorization', await t.bearer(username));
      expect([username, api.status]).toEqual([username, apiPreview.status]);
      expect(api.headers['content-type']).toMatch(/json/);
    }
    expect((await page(preview, 'coordinator-tq')).text).toContain('Bạn không có quyền với kế hoạch này.');
    const visitor = await t.http().get(`${preview}.pdf`).expect(303);
    expect(visitor.headers.location).toBe(`/login?next=${encodeURIComponent(`${preview}.pdf`)}`);
    await t.http().get(`/api/consolidations/${consolidationId}/preview.pdf`).expect(401);
    // An id that is none: 404, as for the HTML preview.
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await pdf(`/consolidations/${unknown}/preview.pdf`, 'coordinator')).status).toBe(
      (await page(`/consolidations/${unknown}/preview`, 'coordinator')).status,
    );
  });
});
