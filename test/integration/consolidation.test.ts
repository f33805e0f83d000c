import ExcelJS from 'exceljs';
import { ReconcilerService } from '../../src/scheduling/reconciler.service';
import { binaryParser, startTestApp, TestApp } from '../helpers/app';
import { restoreFromDump } from '../helpers/db';
import { convertWithLibreOffice, packagePart, pdfPages } from '../helpers/office';
import { waitFor } from '../helpers/wait';

type Report = { id: string; version: number; tasks: { taskCode: string; role: string }[]; indicators: { indicatorCode: string }[] };

/**
 * A scripted half-year: Sở Tài chính reports on time, a commune late, another commune only drafts,
 * the rest never; the coordinator builds the consolidation, a late resubmission makes version 2
 * and leaves version 1 as it was, C-3 builds one by itself, the coordinator edits, downloads the
 * DOCX and XLSX (opened by LibreOffice) and marks it sent before 30/5: the period locks.
 */
/** Run twice: on a clone of the seeded database, and on one restored from its pg_dump (the operator's backup). */
describe.each([
  ['a clone of the seeded database', async () => undefined],
  ['a database restored from pg_dump', () => restoreFromDump()],
])('the consolidated report for UBND tỉnh, on %s', (_source, database: () => Promise<string | undefined>) => {
  let t: TestApp;
  let periodId: string;
  const auth: Record<string, string> = {};
  const sums = { allocated: 0n, disbursed: 0n };

  beforeAll(async () => {
    t = await startTestApp({
      now: '2026-05-18T09:00:00+07:00',
      env: { CALENDAR_RECONCILE_SECONDS: '3600' },
      databaseName: await database(),
    });
    for (const u of ['stc', '01290', '01273', 'coordinator', 'leader']) auth[u] = await t.bearer(u);
    const periods = (await t.http().get('/api/plans/CB-2026-2030/periods').set('Authorization', auth.coordinator)).body as {
      id: string;
      kind: string;
      year: number;
    }[];
    periodId = periods.find((p) => p.kind === 'semiannual' && p.year === 2026)!.id;
  }, 60000);
  afterAll(() => t?.close(false));

  const my = (u: string) => t.http().get(`/api/periods/${periodId}/my-report`).set('Authorization', auth[u]).expect(200);
  const milli = (s: string) => BigInt(Math.round(Number(s) * 1000));

  async function fill(
    u: string,
    allocated: string,
    disbursed: string,
    difficulty: { kind: string; level: string; text: string } | null,
    value?: string,
  ) {
    const r = (await my(u)).body as Report;
    const leads = r.tasks.filter((x) => x.role === 'lead');
    await t
      .http()
      .put(`/api/periods/${periodId}/my-report`)
      .set('Authorization', auth[u])
      .send({
        version: r.version,
        tasks: leads.map((x, i) => ({
          taskCode: x.taskCode,
          status: i === 0 && difficulty ? 'behind_schedule' : 'on_track',
          percentComplete: 40,
          workDone: 'Đã triển khai theo kế hoạch.',
          capitalAllocated: allocated,
          capitalDisbursed: disbursed,
          ...(i === 0 && difficulty
            ? { difficulties: difficulty.text, difficultyKind: difficulty.kind, resolvingLevel: difficulty.level }
            : {}),
          nextSteps: i === 0 ? 'Hoàn thành thủ tục đầu tư trong quý III.' : undefined,
        })),
        indicators: value ? r.indicators.map((i) => ({ indicatorCode: i.indicatorCode, value })) : undefined,
        summary: { assessment: 'Cơ bản đạt tiến độ.', proposals: 'Đề nghị bố trí thêm vốn.' },
      })
      .expect(200);
    return leads.length;
  }

  it('builds version 1 whose figures equal what the submitted reports say', async () => {
    const stcTasks = await fill('stc', '120.5', '80', {
      kind: 'land_clearance',
      level: 'province',
      text: 'Vướng giải phóng mặt bằng tuyến tránh.',
    });
    await t.http().post(`/api/periods/${periodId}/my-report/submit`).set('Authorization', auth.stc).expect(200);
    await fill('01273', '5', '5', null); // a draft that is never sent
    t.clock.set(new Date('2026-05-21T10:00:00+07:00'));
    for (const u of ['01290', 'coordinator', 'leader']) auth[u] = await t.bearer(u);
    const communeTasks = await fill(
      '01290',
      '10',
      '2.5',
      { kind: 'capital', level: 'central', text: 'Thiếu vốn ngân sách trung ương.' },
      '1', // the commune answers "Có" to its yes/no indicator questions
    );
    await t.http().post(`/api/periods/${periodId}/my-report/submit`).set('Authorization', auth['01290']).expect(200);
    sums.allocated = milli('120.5') * BigInt(stcTasks) + milli('10') * BigInt(communeTasks);
    sums.disbursed = milli('80') * BigInt(stcTasks) + milli('2.5') * BigInt(communeTasks);

    const res = await t.http().post(`/api/periods/${periodId}/consolidations`).set('Authorization', auth.coordinator).expect(201);
    const c = res.body;
    expect(c.version).toBe(1);
    expect(c.figures.completeness).toMatchObject({ expected: 64, submitted: 2, onTime: 1, late: 1, missing: 62, returned: 0, accepted: 0 });
    expect(c.figures.completeness.agencies.find((a: { code: string }) => a.code === '01273').state).toBe('missing');
    expect(milli(c.figures.capital.allocated.total)).toBe(sums.allocated);
    expect(milli(c.figures.capital.disbursed.total)).toBe(sums.disbursed);
    expect(c.figures.capital.need.total).toBe('93243.1');
    const rate = ((Number(sums.disbursed) / Number(sums.allocated)) * 100).toFixed(1);
    expect(c.figures.capital.disbursementRate).toBe(rate);
    const groups = c.figures.difficulties.map((g: { kind: string; level: string; agencies: string[] }) => [g.kind, g.level, g.agencies]);
    expect(groups).toEqual(
      expect.arrayContaining([
        ['land_clearance', 'province', ['STC']],
        ['capital', 'central', ['01290']],
      ]),
    );
    expect(c.figures.behind.length).toBeGreaterThanOrEqual(2);
    expect(c.revisions).toEqual([
      { reportId: expect.any(String), agencyCode: '01290', revision: 1 },
      { reportId: expect.any(String), agencyCode: 'STC', revision: 1 },
    ]);
    expect(c.narrative.assessment).toContain('2/64 cơ quan, đơn vị đã gửi báo cáo (1 đúng hạn, 1 muộn)');
    expect(c.changes).toEqual([]);
  });

  it('makes a new version from a late resubmission and leaves the previous one as it was', async () => {
    const v1 = (await t.http().get(`/api/periods/${periodId}/consolidations`).set('Authorization', auth.leader).expect(200)).body[0];
    const communeId = ((await my('01290')).body as Report).id;
    await t
      .http()
      .post(`/api/reports/${communeId}/return`)
      .set('Authorization', auth.coordinator)
      .send({ comment: 'Đề nghị cập nhật số giải ngân.' })
      .expect(200);
    const tasks = await fill('01290', '10', '7.5', { kind: 'capital', level: 'central', text: 'Thiếu vốn ngân sách trung ương.' }, '1');
    await t.http().post(`/api/periods/${periodId}/my-report/submit`).set('Authorization', auth['01290']).expect(200);

    const v2 = (await t.http().post(`/api/periods/${periodId}/consolidations`).set('Authorization', auth.coordinator).expect(201)).body;
    expect(v2.version).toBe(2);
    expect(milli(v2.figures.capital.disbursed.total)).toBe(sums.disbursed + milli('5') * BigInt(tasks));
    expect(v2.revisions.find((r: { agencyCode: string }) => r.agencyCode === '01290').revision).toBe(2);
    expect(v2.changes).toContainEqual({
      what: 'Vốn giải ngân trong kỳ (tỷ đồng)',
      before: expect.any(String),
      after: v2.figures.capital.disbursed.total,
    });
    const again = (await t.http().get(`/api/consolidations/${v1.id}`).set('Authorization', auth.coordinator).expect(200)).body;
    expect(milli(again.figures.capital.disbursed.total)).toBe(sums.disbursed);
    expect(again.revisions.find((r: { agencyCode: string }) => r.agencyCode === '01290').revision).toBe(1);
    await expect(t.db.query(`UPDATE consolidations SET figures = '{}' WHERE id = $1`, [v1.id])).rejects.toThrow(/immutable/);
  });

  it('builds one by itself at C-3 and tells the coordinator', async () => {
    t.clock.set(new Date('2026-05-27T08:00:01+07:00'));
    await t.app.get(ReconcilerService).reconcile();
    const list = await waitFor(async () => {
      const l = (
        await t
          .http()
          .get(`/api/periods/${periodId}/consolidations`)
          .set('Authorization', await t.bearer('coordinator'))
      ).body as { version: number; trigger: string }[];
      return l.length === 3 ? l : null;
    });
    expect(list![0]).toMatchObject({ version: 3, trigger: 'auto' });
    const mail = await waitFor(async () => {
      const rows = await t.db.query<
        {
          data: { consolidationVersion: number };
        }[]
      >(`SELECT kind, data FROM emails WHERE kind = 'consolidation'`);
      return rows[0] ?? null;
    });
    expect(mail.data.consolidationVersion).toBe(3);
  });

  it('lets the coordinator edit the narrative, refusing a stale edit', async () => {
    for (const u of ['coordinator', 'leader', 'stc', '01290']) auth[u] = await t.bearer(u);
    const [latest] = (await t.http().get(`/api/periods/${periodId}/consolidations`).set('Authorization', auth.coordinator)).body as {
      id: string;
    }[];
    const c = (await t.http().get(`/api/consolidations/${latest.id}`).set('Authorization', auth.coordinator)).body;
    const edited = (
      await t
        .http()
        .patch(`/api/consolidations/${latest.id}`)
        .set('Authorization', auth.coordinator)
        .send({
          editVersion: c.editVersion,
          narrative: { keyTasks: 'Tập trung tháo gỡ vướng mắc giải phóng mặt bằng.' },
          documentNumber: '125/BC-SXD',
        })
        .expect(200)
    ).body;
    expect(edited).toMatchObject({
      documentNumber: '125/BC-SXD',
      narrative: { keyTasks: 'Tập trung tháo gỡ vướng mắc giải phóng mặt bằng.' },
    });
    expect(edited.narrative.assessment).toBe(c.narrative.assessment);
    await t
      .http()
      .patch(`/api/consolidations/${latest.id}`)
      .set('Authorization', auth.coordinator)
      .send({ editVersion: c.editVersion, narrative: { keyTasks: 'cũ' } })
      .expect(409);
    await t
      .http()
      .patch(`/api/consolidations/${latest.id}`)
      .set('Authorization', auth.leader)
      .send({ narrative: { keyTasks: 'x' } })
      .expect(403);
    await t
      .http()
      .patch(`/api/consolidations/${latest.id}`)
      .set('Authorization', auth.coordinator)
      .send({ narrative: { keyTasks: 5 } })
      .expect(400);
  });

  it('gives a DOCX and an XLSX that LibreOffice opens, with the header, the counts and every missing agency', async () => {
    const [latest] = (await t.http().get(`/api/periods/${periodId}/consolidations`).set('Authorization', auth.leader)).body as {
      id: string;
    }[];
    const docx = await t
      .http()
      .get(`/api/consolidations/${latest.id}/report.docx`)
      .set('Authorization', auth.leader)
      .buffer(true)
      .parse(binaryParser)
      .expect(200);
    expect(docx.headers['content-type']).toContain('wordprocessingml');
    const pdf = await convertWithLibreOffice(docx.body as Buffer, 'docx', 'pdf');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = (await convertWithLibreOffice(docx.body as Buffer, 'docx', 'txt:Text')).toString('utf8').normalize('NFC');
    for (const s of [
      'UBND TỈNH CAO BẰNG',
      'SỞ XÂY DỰNG',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Số: 125/BC-SXD',
      'BÁO CÁO',
      'Kính gửi:',
      'Nơi nhận:',
    ]) {
      expect(text).toContain(s);
    }
    expect(text).toContain('đã gửi: 2 (đúng hạn: 1; muộn: 1); chưa gửi: 62');
    // Decree 30: the day padded below 10, the month only when it is 1 or 2 (the clock stands in May).
    expect(text).toMatch(/Cao Bằng, ngày \d{2} tháng 5 năm 2026/);
    // The plan's own signer and storage line (seeded), with room for the signature.
    for (const s of ['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC', 'Lưu: VT, QLXD.']) expect(text).toContain(s);
    expect(text).not.toContain('báo cáo báo cáo');
    expect(text).not.toContain('.;');

    // As printed: the motto on one line, "Số:" and the place and date on one line, no blank page, the
    // appendices numbered I–IV each with its "Kèm theo" line, cited in the body, on landscape pages.
    const pages = await pdfPages(pdf);
    expect(pages.filter((p) => p.trim() === '')).toEqual([]);
    const lines = pages.join('\n').split('\n');
    expect(lines.some((l) => l.includes('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'))).toBe(true);
    expect(lines.some((l) => /Số: 125\/BC-SXD\s+Cao Bằng, ngày \d{2} tháng 5 năm 2026/.test(l))).toBe(true);
    for (const n of ['I', 'II', 'III', 'IV']) expect(lines.some((l) => l.trim() === `Phụ lục ${n}`)).toBe(true);
    expect(text).toMatch(/\(Kèm theo Báo cáo số 125\/BC-SXD ngày \d{1,2}\/5\/2026 của Sở Xây dựng\)/);
    expect(text).toContain('(chi tiết tại Phụ lục I kèm theo)');
    expect(text).toContain('(chi tiết tại các Phụ lục II, III, IV kèm theo)');
    const xml = await packagePart(docx.body as Buffer, 'word/document.xml');
    const sections = [...xml.matchAll(/<w:sectPr[\s\S]*?<\/w:sectPr>/g)].map((m) => m[0]);
    expect(sections).toHaveLength(2);
    expect(sections[0]).not.toContain('w:orient="landscape"');
    expect(sections[1]).toContain('w:orient="landscape"');
    for (const s of sections) {
      // Decree 30: right margin 15–20 mm (850–1134 twips), left 30–35 mm on the text pages.
      const right = Number(/w:right="(\d+)"/.exec(s)![1]);
      expect(right).toBeGreaterThanOrEqual(850);
      expect(right).toBeLessThanOrEqual(1134);
    }
    const c = (await t.http().get(`/api/consolidations/${latest.id}`).set('Authorization', auth.leader)).body;
    for (const a of c.figures.completeness.agencies.filter((x: { state: string }) => x.state === 'missing')) expect(text).toContain(a.name);

    const xlsx = await t
      .http()
      .get(`/api/consolidations/${latest.id}/report.xlsx`)
      .set('Authorization', auth.coordinator)
      .buffer(true)
      .parse(binaryParser)
      .expect(200);
    const xpdf = await convertWithLibreOffice(xlsx.body as Buffer, 'xlsx', 'pdf');
    expect(xpdf.subarray(0, 5).toString()).toBe('%PDF-');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(
      (xlsx.body as Buffer).buffer.slice(
        (xlsx.body as Buffer).byteOffset,
        (xlsx.body as Buffer).byteOffset + (xlsx.body as Buffer).length,
      ) as ArrayBuffer,
    );
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Tình hình báo cáo', 'Nhiệm vụ', 'Vốn', 'Chỉ tiêu', 'Khó khăn']);
    const capital = wb.getWorksheet('Vốn')!;
    const total = capital.getRow(capital.rowCount);
    expect(total.getCell(1).value).toBe('Tổng cộng');
    expect(total.getCell(2).value).toBe(93243.1);
    expect(capital.getColumn(2).numFmt).toBe('#,##0.000');
    expect(capital.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
  }, 240000);

  it('marks it sent to UBND tỉnh before 30/5: final, the deadline met, the period locked', async () => {
    const [latest] = (await t.http().get(`/api/periods/${periodId}/consolidations`).set('Authorization', auth.coordinator)).body as {
      id: string;
    }[];
    const final = (
      await t
        .http()
        .post(`/api/consolidations/${latest.id}/finalize`)
        .set('Authorization', auth.coordinator)
        .send({ sentDate: '2026-05-27' })
        .expect(200)
    ).body;
    expect(final).toMatchObject({ final: true, sentDate: '2026-05-27', metDeadline: true, documentNumber: '125/BC-SXD' });
    await t
      .http()
      .patch(`/api/consolidations/${latest.id}`)
      .set('Authorization', auth.coordinator)
      .send({ narrative: { keyTasks: 'x' } })
      .expect(409);
    await t.http().post(`/api/periods/${periodId}/consolidations`).set('Authorization', auth.coordinator).expect(409);
    auth['01273'] = await t.bearer('01273');
    const draft = (await my('01273')).body as Report;
    const refused = await t
      .http()
      .put(`/api/periods/${periodId}/my-report`)
      .set('Authorization', auth['01273'])
      .send({ version: draft.version });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('PERIOD_LOCKED');
  });

  /** Other task periods of the plan, each consolidated from nothing yet. */
  const otherPeriods = async () =>
    (
      (await t.http().get('/api/plans/CB-2026-2030/periods').set('Authorization', auth.coordinator).expect(200)).body as {
        id: string;
        kind: string;
      }[]
    ).filter((p) => p.id !== periodId && ['semiannual', 'annual'].includes(p.kind));
  const buildOf = (id: string) => t.http().post(`/api/periods/${id}/consolidations`).set('Authorization', auth.coordinator);
  const finalizeOf = (id: string, body: Record<string, string>) =>
    t.http().post(`/api/consolidations/${id}/finalize`).set('Authorization', auth.coordinator).send(body);
  const finals = async (id: string) =>
    (
      await t.db.query<{ n: number }[]>('SELECT count(*)::int AS n FROM consolidations WHERE period_id = $1 AND finalized_at IS NOT NULL', [
        id,
      ])
    )[0].n;

  it('serialises a build racing the finalize on the period: never two final versions, and no build once final (409)', async () => {
    // The last two are left for the next test.
    const periods = (await otherPeriods()).slice(0, -2);
    expect(periods.length).toBeGreaterThanOrEqual(6);
    for (const [i, p] of periods.entries()) {
      const v1 = (await buildOf(p.id).expect(201)).body as { id: string };
      const [built, finalized] = await Promise.all([buildOf(p.id), finalizeOf(v1.id, { documentNumber: `${200 + i}/BC-SXD` })]);
      // Whichever ran first, the other is refused cleanly: a build after the final (409 PERIOD_LOCKED),
      // or a finalize of a version no longer the latest (409 NOT_LATEST); never a 500.
      expect([
        [201, 200],
        [409, 200],
        [201, 409],
      ]).toContainEqual([built.status, finalized.status]);
      if (built.status === 409) expect(built.body.code).toBe('PERIOD_LOCKED');
      if (finalized.status === 409) expect(finalized.body.code).toBe('NOT_LATEST');
      // Every version of the period asked to be final: exactly one is.
      const versions = (await t.http().get(`/api/periods/${p.id}/consolidations`).set('Authorization', auth.coordinator).expect(200))
        .body as { id: string; final: boolean }[];
      for (const v of versions.filter((x) => !x.final)) {
        const again = await finalizeOf(v.id, { documentNumber: `${300 + i}/BC-SXD` });
        expect([200, 409]).toContain(again.status);
      }
      expect([p.id, await finals(p.id)]).toEqual([p.id, 1]);
      const late = await buildOf(p.id);
      expect([late.status, late.body.code]).toEqual([409, 'PERIOD_LOCKED']);
    }
  }, 240000);

  it('takes a stated sent date only within [the build day, today], audited as stated; the default is the server clock', async () => {
    const [p, q] = (await otherPeriods()).slice(-2);
    // Built today (27/5): the only day a stated date may name is today; before the build or ahead is refused.
    const built = (await buildOf(p.id).expect(201)).body as { id: string };
    for (const sentDate of ['0001-01-01', '2026-05-26', '2026-05-28']) {
      const refused = await finalizeOf(built.id, { documentNumber: '401/BC-SXD', sentDate });
      expect([sentDate, refused.status, refused.body.errors.map((e: { path: string }) => e.path)]).toEqual([sentDate, 400, ['sentDate']]);
    }
    expect(await finals(p.id)).toBe(0);
    const final = (await finalizeOf(built.id, { documentNumber: '401/BC-SXD', sentDate: '2026-05-27' }).expect(200)).body;
    expect(final).toMatchObject({ final: true, sentDate: '2026-05-27' });
    const [audit] = await t.db.query<{ detail: Record<string, unknown> }[]>(
      `SELECT detail FROM audit_log WHERE action = 'consolidation.finalized' AND entity_id = $1`,
      [built.id],
    );
    expect(audit.detail).toMatchObject({ sentDate: '2026-05-27', stated: true });
    // Not stated: the server's day.
    const other = (await buildOf(q.id).expect(201)).body as { id: string };
    expect((await finalizeOf(other.id, { documentNumber: '402/BC-SXD' }).expect(200)).body).toMatchObject({ sentDate: '2026-05-27' });
    const [unstated] = await t.db.query<{ detail: Record<string, unknown> }[]>(
      `SELECT detail FROM audit_log WHERE action = 'consolidation.finalized' AND entity_id = $1`,
      [other.id],
    );
    expect(unstated.detail).toMatchObject({ sentDate: '2026-05-27', stated: false });
  }, 120000);
});
