/**
 * Issue 5's figures: 4,000 overdue reminders fanned out end to end (reminder rows → outbox rows →
 * email queue → render → SMTP → marked sent) by a worker with the rate limit lifted, against
 * bare nodemailer sending the same 4,000 messages, rendered beforehand, through the same pooled
 * transport settings to the same SMTP peer (smtp-server in this process). `rss.worker` is the
 * peak RSS of this process, which runs the worker, while it sends.
 */
import { INestApplicationContext } from '@nestjs/common';
import { createTransport } from 'nodemailer';
import { DataSource } from 'typeorm';
import { createWorkerContext } from '../src/bootstrap';
import { FixedClock } from '../src/common/clock';
import { loadConfig } from '../src/config/app-config';
import { renderEmail, EmailKind } from '../src/reminders/email-templates';
import { EmailQueue } from '../src/reminders/email-queue';
import { OutboxService } from '../src/reminders/outbox.service';
import { startSmtpSink } from '../test/helpers/smtp';
import type { Line } from './submissions';

const RULE = 'bench-D+1';

/** `scale`: 'province' reminds Cao Bằng's 64 agencies, 'national' the 4,000 of the national plan. */
export async function benchMail(line: Line, ds: DataSource, url: string, redisUrl: string, scale: 'province' | 'national'): Promise<void> {
  const [period] = await ds.query<{ id: string }[]>(
    `SELECT p.id FROM reporting_periods p JOIN plans pl ON pl.id = p.plan_id JOIN report_kinds k ON k.id = p.report_kind_id
     WHERE pl.code = $1 AND k.code = 'semiannual' AND p.year = 2026`,
    [scale === 'province' ? 'CB-2026-2030' : 'BENCH-NATIONAL'],
  );
  const sink = await startSmtpSink(0, { parse: false });
  let ctx: INestApplicationContext | null = null;
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  try {
    // This figure starts from an empty outbox and nothing else to send: earlier groups' rows go,
    // and the worker's clock stands before any period opens, so no timer fires at its boot. The
    // reminder rows themselves are D+1 rows of the national 2026-H1 period (due 21/5 08:00).
    const at = new Date('2025-12-01T07:00:00+07:00');
    const remindedAt = new Date('2026-05-21T08:00:00+07:00');
    await ds.query('DELETE FROM emails');
    await ds.query('DELETE FROM reminders WHERE rule = $1', [RULE]);
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: url,
      REDIS_URL: redisUrl,
      APP_ROLE: 'worker',
      LOG_LEVEL: 'silent',
      CALENDAR_RECONCILE_SECONDS: '86400',
      SMTP_URL: sink.url,
      MAIL_RATE_PER_SECOND: '10000',
    });
    const clock = new FixedClock(at);
    ctx = await createWorkerContext(config, { overrideClock: clock });

    const outbox = ctx.get(OutboxService);
    const started = process.hrtime.bigint();
    const ids = await ds.transaction(async (em) => {
      await outbox.recordAgencyReminders(
        { periodId: period.id, rule: RULE, audience: 'agency', dueAt: remindedAt, state: 'pending', note: null },
        em,
      );
      return outbox.reminderEmails(em, period.id, RULE);
    });
    await outbox.enqueue(ids);
    for (;;) {
      const [{ n }] = await ds.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM emails WHERE state IN ('pending', 'sending')`);
      if (n === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const oursMs = Number(process.hrtime.bigint() - started) / 1e6;
    const [{ sent }] = await ds.query<{ sent: number }[]>(`SELECT count(*)::int AS sent FROM emails WHERE state = 'sent'`);
    await ctx
      .get(EmailQueue)
      .queue.obliterate({ force: true })
      .catch(() => undefined);
    await ctx.close();
    ctx = null;
    const workerPeak = peakRss;

    // Bare nodemailer: the same messages, rendered before the clock starts.
    const rows = await ds.query<
      {
        id: string;
        kind: EmailKind;
        recipients: string[];
        cc: string[];
        data: never;
      }[]
    >(`SELECT id, kind, recipients, cc, data FROM emails WHERE id = ANY($1)`, [ids]);
    const messages = rows.map((r) => ({
      to: r.recipients,
      cc: r.cc.length ? r.cc : undefined,
      from: config.mailFrom,
      ...renderEmail(r.kind, r.data),
    }));
    const transport = createTransport({ url: sink.url, pool: true, maxConnections: 5, maxMessages: 1000 });
    const bareStarted = process.hrtime.bigint();
    await Promise.all(messages.map((m) => transport.sendMail(m)));
    const bareMs = Number(process.hrtime.bigint() - bareStarted) / 1e6;
    transport.close();

    const ours = (sent / oursMs) * 1000;
    const bare = (messages.length / bareMs) * 1000;
    line(
      `reminders.fanout.${scale}`,
      ours,
      'mails/s',
      `vs=${bare.toFixed(1)} ratio=${(ours / bare).toFixed(2)} messages=${sent} ms=${oursMs.toFixed(0)} bare_ms=${bareMs.toFixed(0)} received=${sink.received.length}`,
    );
    line(`rss.worker.${scale}`, workerPeak / 2 ** 20, 'MB', `before=${(rssBefore / 2 ** 20).toFixed(1)}`);
  } finally {
    clearInterval(sampler);
    await ctx?.close().catch(() => undefined);
    await sink.close();
  }
}
