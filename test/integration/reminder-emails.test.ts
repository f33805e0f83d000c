import { ReconcilerService } from '../../src/scheduling/reconciler.service';
import { startTestApp, TestApp } from '../helpers/app';
import { SmtpSink, startSmtpSink } from '../helpers/smtp';
import { waitFor } from '../helpers/wait';

const H1_2026 = `SELECT p.id FROM reporting_periods p JOIN report_kinds k ON k.id = p.report_kind_id WHERE k.code = 'semiannual' AND p.year = 2026`;

describe('reminder emails through the outbox to a real SMTP peer', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let periodId: string;
  let reconciler: ReconcilerService;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    t = await startTestApp({
      now: '2026-05-13T07:59:30+07:00',
      env: {
        SMTP_URL: smtp.url,
        MAIL_RETRY_BASE_MS: '100',
        MAIL_ATTEMPTS: '12',
        MAIL_RATE_PER_SECOND: '1000',
        CALENDAR_RECONCILE_SECONDS: '3600',
        PUBLIC_URL: 'https://baocao.caobang.example',
      },
    });
    reconciler = t.app.get(ReconcilerService);
    [{ id: periodId }] = await t.db.query<{ id: string }[]>(H1_2026);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const to = (address: string, rule?: string) =>
    smtp.received.filter((m) => m.envelopeTo.includes(address) && (!rule || m.subject.includes(rule)));
  const emailStates = async (kind: string) =>
    await t.db.query<
      {
        state: string;
        n: number;
      }[]
    >(`SELECT state, count(*)::int AS n FROM emails WHERE kind = $1 GROUP BY state ORDER BY state`, [kind]);

  async function moveTo(instant: string) {
    t.clock.set(new Date(instant));
    await reconciler.reconcile();
  }

  it('sends one D-7 reminder to each of the 64 agencies at 08:00 on 13/5, in Vietnamese, with its tasks and a link', async () => {
    await moveTo('2026-05-13T08:00:01+07:00');
    await waitFor(async () => smtp.received.filter((m) => m.subject.startsWith('[Nhắc hạn]')).length >= 64, 30000);
    await waitFor(async () => (await emailStates('before_deadline')).every((s) => s.state === 'sent'));
    const reminders = smtp.received.filter((m) => m.subject.startsWith('[Nhắc hạn]'));
    expect(reminders).toHaveLength(64);
    expect(new Set(reminders.map((m) => m.envelopeTo.join(','))).size).toBe(64);

    const [stc] = to('stc@caobang.example');
    expect(stc.to).toEqual(['stc@caobang.example']);
    expect(stc.cc).toEqual([]);
    expect(stc.from).toContain('no-reply@caobang.example');
    expect(stc.subject).toBe('[Nhắc hạn] Báo cáo 6 tháng đầu năm 2026 – hạn gửi trước ngày 20/5/2026');
    expect(stc.text).toContain('Kính gửi: Sở Tài chính');
    expect(stc.text).toContain('trước ngày 20/5/2026');
    expect(stc.text).toContain('còn 7 ngày');
    expect(stc.text).toContain('II.2.(3).c');
    expect(stc.text).toContain(`https://baocao.caobang.example/periods/${periodId}/report`);
    expect(stc.html).toContain('lang="vi"');
    expect(stc.text).toBe(stc.text.normalize('NFC'));

    const [row] = await t.db.query<
      { state: string; attempts: number; smtp_response: string; message_id: string; reminder_state: string; sent_at: Date }[]
    >(
      `SELECT e.state, e.attempts, e.smtp_response, e.message_id, r.state AS reminder_state, r.sent_at FROM emails e JOIN reminders r ON r.id = e.reminder_id
       JOIN agencies a ON a.id = e.agency_id WHERE a.code = 'STC' AND r.rule = 'D-7'`,
    );
    expect(row).toMatchObject({ state: 'sent', attempts: 1, reminder_state: 'sent' });
    expect(row.smtp_response).toMatch(/^250/);
    expect(row.message_id).toBe(stc.messageId);
  });

  it('sends nothing twice when the reconciler runs again or the timer is delivered again', async () => {
    const before = smtp.received.length;
    await reconciler.reconcile();
    await reconciler.reconcile();
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.received.length).toBe(before);
  });

  it('stops reminding an agency once it has submitted: its pending reminders are cancelled', async () => {
    // Sở Tài chính fills and sends its report on 15/5.
    t.clock.set(new Date('2026-05-15T09:00:00+07:00'));
    const auth = await t.bearer('stc');
    const draft = (await t.http().get(`/api/periods/${periodId}/my-report`).set('Authorization', auth).expect(200)).body as {
      version: number;
      tasks: { taskCode: string; role: string }[];
    };
    await t
      .http()
      .put(`/api/periods/${periodId}/my-report`)
      .set('Authorization', auth)
      .send({
        version: draft.version,
        tasks: draft.tasks
          .filter((x) => x.role === 'lead')
          .map((x) => ({ taskCode: x.taskCode, status: 'on_track', percentComplete: 50, workDone: 'Đang triển khai.' })),
        summary: { assessment: 'Cơ bản đạt tiến độ.' },
      })
      .expect(200);
    await t.http().post(`/api/periods/${periodId}/my-report/submit`).set('Authorization', auth).expect(200);

    await moveTo('2026-05-17T08:00:01+07:00');
    await waitFor(async () => smtp.received.filter((m) => m.subject.startsWith('[Nhắc hạn]')).length >= 64 + 63, 30000);
    expect(to('stc@caobang.example')).toHaveLength(1);
    const commune = to('01290@caobang.example');
    expect(commune.map((m) => m.subject)).toEqual(
      [0, 1].map(() => '[Nhắc hạn] Báo cáo 6 tháng đầu năm 2026 – hạn gửi trước ngày 20/5/2026'),
    );
    expect(commune[1].text).toContain('còn 3 ngày');
    const log = (
      await t
        .http()
        .get(`/api/periods/${periodId}/reminders`)
        .set('Authorization', await t.bearer('coordinator'))
        .expect(200)
    ).body as {
      agencyCode: string;
      rule: string;
      state: string;
    }[];
    expect(log.filter((r) => r.agencyCode === 'STC').map((r) => [r.rule, r.state])).toEqual([['D-7', 'sent']]);
  });

  it('escalates after the deadline to the agency head with the coordinator in copy', async () => {
    await moveTo('2026-05-23T08:00:01+07:00');
    await waitFor(async () => smtp.received.filter((m) => m.subject.includes('Lãnh đạo')).length >= 63, 30000);
    const [commune] = smtp.received.filter((m) => m.subject.includes('Lãnh đạo') && m.to.includes('01290-ld@caobang.example'));
    expect(commune.to).toEqual(['01290@caobang.example', '01290-ld@caobang.example']);
    expect(commune.cc).toEqual(['coordinator@caobang.example']);
    expect(commune.text).toContain('đã quá hạn 3 ngày');
    expect(smtp.received.some((m) => m.envelopeTo.includes('stc-ld@caobang.example'))).toBe(false);
  });

  it('sends the coordinator a daily digest listing the agencies still missing, once a day', async () => {
    const digests = () => smtp.received.filter((m) => m.subject.startsWith('[Tổng hợp'));
    await waitFor(async () => digests().some((m) => m.subject.includes('23/5/2026')));
    const today = digests().filter((m) => m.subject.includes('23/5/2026'));
    expect(today).toHaveLength(1);
    expect(today[0].to).toContain('coordinator@caobang.example');
    expect(today[0].subject).toContain('còn 63 đơn vị chưa gửi báo cáo');
    expect(today[0].text).toContain('UBND xã Bảo Lâm');
    expect(today[0].text).not.toContain('Sở Tài chính');
    // The digest's counts are the status page's.
    const status = await t
      .http()
      .get(`/api/periods/${periodId}/status`)
      .set('Authorization', await t.bearer('coordinator'))
      .expect(200);
    expect(today[0].text).toContain(`Số cơ quan, đơn vị phải báo cáo: ${status.body.summary.expected}`);
    expect(today[0].text).toContain(`Đã gửi báo cáo: ${status.body.summary.submitted}\n`);
    expect(today[0].text).toContain(`Chưa gửi báo cáo: ${status.body.summary.missing}`);
    await reconciler.reconcile();
    await new Promise((r) => setTimeout(r, 300));
    expect(digests().filter((m) => m.subject.includes('23/5/2026'))).toHaveLength(1);
  });

  it('counts the automatic reminders of the day toward one per agency per day', async () => {
    // At 08:00 on 23/5 the automatic D+3 went to 01290 (and its head): "Nhắc nhở" adds nothing that day.
    const coordinator = await t.bearer('coordinator');
    const res = await t
      .http()
      .post(`/api/periods/${periodId}/reminders`)
      .set('Authorization', coordinator)
      .send({ agencyCodes: ['01290'] })
      .expect(200);
    expect(res.body).toMatchObject({ reminded: [], alreadyToday: ['01290'] });
    await new Promise((r) => setTimeout(r, 300));
    expect(to('01290@caobang.example').filter((m) => m.subject.includes('quá hạn 3 ngày'))).toHaveLength(1);
  });

  it('delivers once after the SMTP server refused for a while (4xx), and shows permanent refusals (5xx) as failed', async () => {
    // The next day, when no automatic reminder falls due.
    await moveTo('2026-05-24T09:00:00+07:00');
    const coordinator = await t.bearer('coordinator');
    smtp.refuseWith = 451;
    const res = await t
      .http()
      .post(`/api/periods/${periodId}/reminders`)
      .set('Authorization', coordinator)
      .send({ agencyCodes: ['01290'] })
      .expect(200);
    expect(res.body).toMatchObject({ reminded: ['01290'], alreadyToday: [] });
    await waitFor(async () => smtp.refused >= 3);
    smtp.refuseWith = null;
    await waitFor(async () => to('01290@caobang.example').some((m) => m.subject.startsWith('[Quá hạn]')), 30000);
    await new Promise((r) => setTimeout(r, 500));
    const manual = to('01290@caobang.example').filter((m) => m.subject.startsWith('[Quá hạn]') && !m.subject.includes('Lãnh đạo'));
    expect(manual).toHaveLength(1);
    const [row] = await t.db.query<
      {
        state: string;
        attempts: number;
      }[]
    >(`SELECT e.state, e.attempts FROM emails e JOIN reminders r ON r.id = e.reminder_id WHERE r.rule LIKE 'manual-%'`);
    expect(row.state).toBe('sent');
    expect(row.attempts).toBeGreaterThanOrEqual(4);

    // Once a day per agency: pressing again adds nothing.
    const again = await t
      .http()
      .post(`/api/periods/${periodId}/reminders`)
      .set('Authorization', coordinator)
      .send({ agencyCodes: ['01290'] })
      .expect(200);
    expect(again.body).toMatchObject({ reminded: [], alreadyToday: ['01290'] });

    smtp.refuseWith = 550;
    await t
      .http()
      .post(`/api/periods/${periodId}/reminders`)
      .set('Authorization', coordinator)
      .send({ agencyCodes: ['01273'] })
      .expect(200);
    await waitFor(async () => (await t.http().get('/api/outbox?state=failed').set('Authorization', coordinator)).body.length === 1);
    smtp.refuseWith = null;
    const [failed] = (await t.http().get('/api/outbox?state=failed').set('Authorization', coordinator).expect(200)).body as {
      id: string;
      attempts: number;
      smtpResponse: string;
      agencyCode: string;
    }[];
    expect(failed).toMatchObject({ agencyCode: '01273', attempts: 1 });
    expect(failed.smtpResponse).toMatch(/^550/);
    const log = (await t.http().get(`/api/periods/${periodId}/reminders`).set('Authorization', coordinator)).body as {
      agencyCode: string;
      rule: string;
      state: string;
    }[];
    expect(log.find((r) => r.agencyCode === '01273' && r.rule.startsWith('manual-'))?.state).toBe('failed');

    // The retry button sends it.
    await t.http().post(`/api/outbox/${failed.id}/retry`).set('Authorization', coordinator).expect(200);
    await waitFor(async () =>
      to('01273@caobang.example').some((m) => m.subject.startsWith('[Quá hạn]') && !m.subject.includes('Lãnh đạo')),
    );
    await t.http().post(`/api/outbox/${failed.id}/retry`).set('Authorization', coordinator).expect(409);
  });

  it('lists an agency with no address for the coordinator instead of dropping its reminder', async () => {
    await t.db.query(`UPDATE agencies SET emails = '{}' WHERE code = '01279'`);
    await t.db.query(`UPDATE users SET email = NULL WHERE agency_id = (SELECT id FROM agencies WHERE code = '01279')`);
    const coordinator = await t.bearer('coordinator');
    const res = await t
      .http()
      .post(`/api/periods/${periodId}/reminders`)
      .set('Authorization', coordinator)
      .send({ agencyCodes: ['01279'] })
      .expect(200);
    expect(res.body).toMatchObject({ reminded: [], noAddress: ['01279'] });
    const log = (await t.http().get(`/api/periods/${periodId}/reminders`).set('Authorization', coordinator)).body as {
      agencyCode: string;
      rule: string;
      state: string;
      note: string;
    }[];
    const row = log.find((r) => r.agencyCode === '01279' && r.rule.startsWith('manual-'));
    expect(row).toMatchObject({ state: 'failed', note: 'Không có địa chỉ email nhận nhắc nhở: đề nghị cập nhật email của đơn vị.' });
    await t
      .http()
      .post(`/api/periods/${periodId}/reminders`)
      .set('Authorization', coordinator)
      .send({ agencyCodes: ['XX9'] })
      .expect(400);
  });

  it('sends no automatic reminder to an agency reminded by hand earlier that day', async () => {
    // 07:30 on 26/5: "Nhắc nhở" for the commune; at 08:00 the automatic D+6 goes to the others only.
    await moveTo('2026-05-26T07:30:00+07:00');
    const coordinator = await t.bearer('coordinator');
    const manual = await t
      .http()
      .post(`/api/periods/${periodId}/reminders`)
      .set('Authorization', coordinator)
      .send({ agencyCodes: ['01290'] })
      .expect(200);
    expect(manual.body).toMatchObject({ reminded: ['01290'], alreadyToday: [] });
    const onThe26th = () => to('01290@caobang.example').filter((m) => m.text.includes('đã quá hạn 6 ngày'));
    await waitFor(async () => onThe26th().length === 1);
    await moveTo('2026-05-26T08:00:01+07:00');
    await waitFor(async () => smtp.received.filter((m) => m.text.includes('đã quá hạn 6 ngày')).length >= 62, 30000);
    await new Promise((r) => setTimeout(r, 500));
    expect(onThe26th()).toHaveLength(1);
    const log = (await t.http().get(`/api/periods/${periodId}/reminders`).set('Authorization', coordinator).expect(200)).body as {
      agencyCode: string;
      rule: string;
      state: string;
      note: string | null;
    }[];
    expect(log.filter((r) => r.agencyCode === '01290' && r.rule === 'D+6').map((r) => [r.state, r.note])).toEqual([
      ['skipped', 'Đã nhắc thủ công trong ngày: không gửi thêm.'],
    ]);
    expect(log.filter((r) => r.rule === 'D+6' && r.state !== 'skipped').length).toBeGreaterThanOrEqual(62);
  });

  it('reminds the coordinator of the consolidation deadline at C-3', async () => {
    await moveTo('2026-05-27T08:00:01+07:00');
    await waitFor(async () => smtp.received.some((m) => m.subject.startsWith('[Hạn tổng hợp]')), 30000);
    const [c3] = smtp.received.filter((m) => m.subject.startsWith('[Hạn tổng hợp]'));
    expect(c3.subject).toBe('[Hạn tổng hợp] Báo cáo 6 tháng đầu năm 2026 – báo cáo UBND tỉnh trước ngày 30/5/2026');
    expect(c3.envelopeTo).toContain('coordinator@caobang.example');
    expect(c3.text).toContain('còn 3 ngày');
  });

  it('tells the agency its report was returned, then accepted', async () => {
    const coordinator = await t.bearer('coordinator');
    const reportId = (
      (
        await t
          .http()
          .get(`/api/periods/${periodId}/my-report`)
          .set('Authorization', await t.bearer('stc'))
      ).body as { id: string }
    ).id;
    await t
      .http()
      .post(`/api/reports/${reportId}/return`)
      .set('Authorization', coordinator)
      .send({ comment: 'Đề nghị bổ sung số liệu <giải ngân>.' })
      .expect(200);
    await waitFor(async () => to('stc@caobang.example').some((m) => m.subject.startsWith('[Trả lại]')));
    const [returned] = to('stc@caobang.example').filter((m) => m.subject.startsWith('[Trả lại]'));
    expect(returned.envelopeTo.sort()).toEqual(['stc-ld@caobang.example', 'stc@caobang.example']);
    expect(returned.text).toContain('Đề nghị bổ sung số liệu <giải ngân>.');
    expect(returned.html).toContain('&lt;giải ngân&gt;');

    const stc = await t.bearer('stc');
    await t.http().post(`/api/periods/${periodId}/my-report/submit`).set('Authorization', stc).expect(200);
    await t.http().post(`/api/reports/${reportId}/accept`).set('Authorization', coordinator).expect(200);
    await waitFor(async () => to('stc@caobang.example').some((m) => m.subject.startsWith('[Đã tiếp nhận]')));
    const accepted = to('stc@caobang.example').filter((m) => m.subject.startsWith('[Đã tiếp nhận]'));
    expect(accepted).toHaveLength(1);
    expect(accepted[0].subject).toBe('[Đã tiếp nhận] Báo cáo 6 tháng đầu năm 2026 – Sở Tài chính');
  });
});

describe('the one-off report (implementation plans due 10/4/2026) is reminded too', () => {
  let t: TestApp;
  let smtp: SmtpSink;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    t = await startTestApp({
      now: '2026-04-03T07:59:00+07:00',
      env: { SMTP_URL: smtp.url, MAIL_RATE_PER_SECOND: '1000', CALENDAR_RECONCILE_SECONDS: '3600' },
    });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('sends D-7 on 3/4 to every agency that owes its implementation plan', async () => {
    t.clock.set(new Date('2026-04-03T08:00:01+07:00'));
    await t.app.get(ReconcilerService).reconcile();
    const oneOff = () => smtp.received.filter((m) => m.subject.startsWith('[Nhắc hạn] Kế hoạch triển khai thực hiện'));
    await waitFor(async () => oneOff().length >= 64, 30000);
    await new Promise((r) => setTimeout(r, 300));
    expect(oneOff()).toHaveLength(64);
    const [stc] = oneOff().filter((m) => m.to.includes('stc@caobang.example'));
    expect(stc.subject).toBe('[Nhắc hạn] Kế hoạch triển khai thực hiện của cơ quan, đơn vị – hạn gửi trước ngày 10/4/2026');
    expect(stc.text).toContain('còn 7 ngày');
  });
});
