import { startTestApp, TestApp } from '../helpers/app';
import { sendLeadReport } from '../helpers/reports';
import { waitFor } from '../helpers/wait';

/** Prometheus metrics a monitoring system scrapes: latency, queues, emails, reminders, reports. */
describe('GET /metrics', () => {
  let t: TestApp;
  let periodId: string;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-05-22T09:00:00+07:00', env: { MAIL_RATE_PER_SECOND: '1000' } });
    const coordinator = await t.bearer('coordinator');
    const periods = (await t.http().get('/api/plans/CB-2026-2030/periods').set('Authorization', coordinator)).body as {
      id: string;
      kind: string;
      year: number;
    }[];
    periodId = periods.find((p) => p.kind === 'semiannual' && p.year === 2026)!.id;
    const stc = await t.bearer('stc');
    await sendLeadReport(t, stc, periodId, 30);
    // "Nhắc nhở" for two late communes: two emails through the queue to the development mailbox.
    await t
      .http()
      .post(`/api/periods/${periodId}/reminders`)
      .set('Authorization', coordinator)
      .send({ agencyCodes: ['01273', '01290'] })
      .expect(200);
    await t.http().get(`/api/periods/${periodId}/status`).set('Authorization', coordinator).expect(200);
    // The email rows and then their reminders are marked sent: wait for both.
    await waitFor(async () => (await t.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM emails WHERE state = 'sent'`))[0].n >= 2);
    await waitFor(
      async () => (await t.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM reminders WHERE state = 'sent'`))[0].n >= 2,
    );
  }, 60_000);
  afterAll(() => t.close());

  const value = (text: string, series: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };

  it('exposes request latency by route pattern, queue depth, emails, reminders and reports submitted per period', async () => {
    const res = await t.http().get('/metrics').expect(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const text = res.text;
    expect(value(text, 'cbr_http_request_duration_seconds_count{method="GET",route="/api/periods/:id/status",status="200"}')).toBe(1);
    expect(
      value(text, 'cbr_http_request_duration_seconds_count{method="POST",route="/api/periods/:id/my-report/submit",status="200"}'),
    ).toBe(1);
    expect(text).not.toContain(periodId); // route patterns, never raw paths
    expect(value(text, 'cbr_emails{state="sent"}')).toBeGreaterThanOrEqual(2);
    expect(value(text, 'cbr_reminders{state="sent"}')).toBeGreaterThanOrEqual(2);
    expect(value(text, 'cbr_queue_jobs{queue="email",state="failed"}')).toBe(0);
    expect(value(text, 'cbr_queue_jobs{queue="calendar",state="delayed"}')).toBeGreaterThan(0);
    expect(
      value(text, 'cbr_reports_submitted{plan="CB-2026-2030",period="Báo cáo 6 tháng đầu năm 2026",kind="semiannual",year="2026"}'),
    ).toBe(1);
    expect(value(text, 'cbr_possibly_duplicate_emails')).toBe(0);
  });
});
