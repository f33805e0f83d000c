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

  it('stores names without bidirectional or control characters, and keeps an emoji at the 255th character whole', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer\n%%EOF\n');
    const spoofed = await upload(stc, pdf, 'hoa-don\u202efdp.exe.pdf').expect(201);
    expect(spoofed.body.name).toBe('hoa-donfdp.exe.pdf');
    const isolates = await upload(stc, pdf, 'a\u2066b\u2067c\u2068d\u2069\u200e\u200f\u061c\u202a\u202b\u202c\u202d.pdf').expect(201);
    expect(isolates.body.name).toBe('abcd.pdf');
    const long = 'b'.repeat(250) + '😀.pdf'; // 255 characters, 256 UTF-16 code units
    const emoji = await upload(stc, pdf, long).expect(201);
    expect(emoji.body.name).toBe(long);
    const longer = await upload(stc, pdf, 'c'.repeat(300) + '😀.pdf').expect(201);
    expect(longer.body.name).toBe('c'.repeat(251) + '.pdf');

    const report = (await t.http().get(`/api/periods/${periodId}/my-report`).set('Authorization', stc)).body;
    const listed = (report.attachments as { id: string; name: string }[]).map((a) => a.name);
    expect(listed).toEqual(expect.arrayContaining(['hoa-donfdp.exe.pdf', 'abcd.pdf', long]));
    const stored = await t.db.query<{ name: string }[]>('SELECT name FROM attachments WHERE id = ANY($1)', [
      [spoofed.body.id, isolates.body.id, emoji.body.id],
    ]);
    expect(stored.map((r) => r.name).sort()).toEqual(['abcd.pdf', long, 'hoa-donfdp.exe.pdf'].sort());
    const audited = await t.db.query<{ detail: { name: string } }[]>(
      `SELECT detail FROM audit_log WHERE action = 'report.attachment_added' AND detail->>'name' LIKE 'hoa-don%'`,
    );
    expect(audited.map((r) => r.detail.name)).toEqual(['hoa-donfdp.exe.pdf']);

    const file = await t.http().get(`/api/reports/${report.id}/attachments/${spoofed.body.id}`).set('Authorization', stc).expect(200);
    expect(file.headers['content-disposition']).toBe(`attachment; filename="attachment"; filename*=UTF-8''hoa-donfdp.exe.pdf`);
    const withEmoji = await t.http().get(`/api/reports/${report.id}/attachments/${emoji.body.id}`).set('Authorization', stc).expect(200);
    expect(withEmoji.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(long)}`);
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
