/**
 * Issue 5's figures: 4,000 overdue reminders fanned out end to end (reminder rows → outbox rows →
 * email queue → render → SMTP → marked sent) by a worker with the rate limit lifted, against
 * bare nodemailer sending the same 4,000 messages, rendered beforehand, through the same pooled
 * transport settings to the same SMTP peer (smtp-server in this process). The worker is its own
 * process, started as `npm start` starts it with APP_ROLE=worker (`node dist/src/main.js`); this
 * process records the reminders and queues their emails as the API or a timer would. `rss.worker`
 * is the worker process's peak resident memory (VmHWM) and `idle` its resident memory once
 * started, from `/proc/<pid>/status`.
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
import { AppProcess, ProcessMemory } from './app-process';
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
  let worker: AppProcess | null = null;
  try {
    // This figure starts from an empty outbox and nothing else to send: earlier groups' rows go,
    // and the clocks stand before any period opens, so no timer fires at boot. The reminder rows
    // themselves are D+1 rows of the 2026-H1 period (due 21/5 08:00).
    const at = '2025-12-01T07:00:00+07:00';
    const remindedAt = new Date('2026-05-21T08:00:00+07:00');
    await ds.query('DELETE FROM emails');
    await ds.query('DELETE FROM reminders WHERE rule = $1', [RULE]);
    const env = {
      NODE_ENV: 'test',
      DATABASE_URL: url,
      REDIS_URL: redisUrl,
      LOG_LEVEL: 'silent',
      CALENDAR_RECONCILE_SECONDS: '86400',
      SMTP_URL: sink.url,
      MAIL_RATE_PER_SECOND: '10000',
      SEED_DEMO_REPORTS: 'false',
    };
    const config = loadConfig({ ...env, APP_ROLE: 'api' });
    // The producer: the app's modules in this process without a queue worker (the API role).
    ctx = await createWorkerContext(config, { overrideClock: new FixedClock(new Date(at)) });
    worker = await AppProcess.start('worker', { ...env, APP_CLOCK_START: at });
    await new Promise((r) => setTimeout(r, 2000));
    const idle: ProcessMemory = worker.memory();

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
    const sending = worker.memory();
    await worker.stop();
    worker = null;
    await ctx
      .get(EmailQueue)
      .queue.obliterate({ force: true })
      .catch(() => undefined);
    await ctx.close();
    ctx = null;

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
    line(`rss.worker.${scale}`, sending.peakMb, 'MB', `idle=${idle.rssMb.toFixed(1)} end=${sending.rssMb.toFixed(1)} pid_status=VmHWM`);
  } finally {
    await worker?.stop();
    await ctx?.close().catch(() => undefined);
    await sink.close();
  }
}
