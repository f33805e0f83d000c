import { startTestApp, TestApp } from '../helpers/app';

describe('attachments to a report', () => {
  let t: TestApp;
  let periodId: string;
  let stc: string;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-05-15T09:00:00+07:00', env: { ATTACHMENT_MAX_BYTES: '4096' } });
    stc = await t.bearer('stc');
    const periods = (await t.http().get('/api/plans/CB-2026-2030/periods').set('Authorization', stc)).body as {
      id: string;
      kind: string;
      year: number;
    }[];
    periodId = periods.find((p) => p.kind === 'semiannual' && p.year === 2026)!.id;
  });
  afterAll(() => t.close());

  const upload = (auth: string, bytes: Buffer, name: string) =>
    t
      .http()
      .post(`/api/periods/${periodId}/my-report/attachments`)
      .set('Authorization', auth)
      .attach('file', bytes, { filename: name, contentType: 'application/pdf' });
  const rows = async () => (await t.db.query<{ n: number }[]>('SELECT count(*)::int AS n FROM attachments'))[0].n;

  it('takes the signed letter as PDF with its Vietnamese name and a checksum, and lists it on the report', async () => {
    const pdf = Buffer.from('%PDF-1.4\n% Báo cáo\n1 0 obj << >> endobj\ntrailer\n%%EOF\n');
    const res = await upload(stc, pdf, 'Báo cáo 6 tháng – Sở Tài chính.pdf').expect(201);
    expect(res.body).toMatchObject({ name: 'Báo cáo 6 tháng – Sở Tài chính.pdf', size: pdf.length });
    expect(res.body.sha256).toMatch(/^[0-9a-f]{64}$/);
    const report = (await t.http().get(`/api/periods/${periodId}/my-report`).set('Authorization', stc)).body;
    expect(report.attachments).toEqual([res.body]);

    const file = await t.http().get(`/api/reports/${report.id}/attachments/${res.body.id}`).set('Authorization', stc).expect(200);
    expect(file.headers['content-type']).toContain('application/pdf');
    expect(file.headers['content-disposition']).toMatch(/^attachment;/);
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    await t
      .http()
      .get(`/api/reports/${report.id}/attachments/${res.body.id}`)
      .set('Authorization', await t.bearer('01290'))
      .expect(404);
  });

  it('refuses a web page disguised as a PDF (415) and a file over the limit (413), storing nothing', async () => {
    const before = await rows();
    const disguised = await upload(stc, Buffer.from('<html><script>alert(1)</script></html>'), 'bao-cao.pdf').expect(415);
    expect(disguised.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const big = await upload(stc, Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(5000, 0x20)]), 'lon.pdf').expect(413);
    expect(big.body.code).toBe('PAYLOAD_TOO_LARGE');
    await t.http().post(`/api/periods/${periodId}/my-report/attachments`).set('Authorization', stc).expect(400);
    expect(await rows()).toBe(before);
  });
});
