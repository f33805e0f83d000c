/**
 * `npm run bench`: the figures the issues ask for, printed as
 * `bench <name> <value> <unit> [vs=<baseline>] [ratio=<x>]`. It runs against the machine's
 * PostgreSQL (its own databases, dropped at the end) and a private redis-server on its own port.
 * Scales: province (Cao Bằng, 64 agencies) and national (4,000 agencies).
 */
import 'reflect-metadata';
import { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { runSeed } from '../seeds/run';
import { createWorkerContext } from '../src/bootstrap';
import { Clock, FixedClock, SystemClock } from '../src/common/clock';
import { loadConfig } from '../src/config/app-config';
import { runMigrations } from '../src/database/migrate';
import { CalendarEventHandler } from '../src/scheduling/calendar-event.handler';
import { CalendarQueue } from '../src/scheduling/calendar-queue';
import { jobIdFor } from '../src/scheduling/event-plan';
import { ReconcilerService } from '../src/scheduling/reconciler.service';
import { adminQuery, databaseUrl, dropDatabase } from '../test/helpers/db';
import { startPrivateRedis } from '../test/helpers/processes';
import { addNationalPlan } from './bench-plans';
import { benchConsolidation } from './consolidation';
import { Figure, writeBenchmarks } from './report';
import { benchMail } from './mail';
import { benchSubmissions } from './submissions';

const LATENESS_EVENTS = 250;

const figures: Figure[] = [];

function line(name: string, value: number, unit: string, extra = ''): void {
  process.stdout.write(`bench ${name} ${value.toFixed(1)} ${unit}${extra ? ` ${extra}` : ''}\n`);
  figures.push({
    name,
    value,
    unit,
    extra: Object.fromEntries(
      extra
        .split(' ')
        .filter(Boolean)
        .map((kv) => kv.split('=') as [string, string]),
    ),
  });
}

async function context(url: string, redisUrl: string, clock: Clock): Promise<INestApplicationContext> {
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: url,
    REDIS_URL: redisUrl,
    APP_ROLE: 'worker',
    LOG_LEVEL: 'silent',
    CALENDAR_RECONCILE_SECONDS: '86400',
  });
  return createWorkerContext(config, { overrideClock: clock });
}

async function benchReconcile(scale: string, ctx: INestApplicationContext, redisFlush: () => Promise<void>): Promise<void> {
  await redisFlush();
  const reconciler = ctx.get(ReconcilerService);
  const first = await reconciler.reconcile();
  const again = await reconciler.reconcile();
  line(
    `calendar.reconcile.${scale}`,
    first.ms,
    'ms',
    `jobs=${first.jobsAdded} again_ms=${again.ms.toFixed(1)} again_jobs=${again.jobsAdded}`,
  );
}

/** One reminder rule falling due for 4,000 agencies: the rows recorded in one statement. */
async function benchFanOut(ds: DataSource, ctx: INestApplicationContext, clock: FixedClock): Promise<void> {
  const [event] = await ds.query<{ id: string; due_at: Date }[]>(
    `SELECT c.id, c.due_at FROM calendar_events c JOIN reporting_periods p ON p.id = c.period_id JOIN plans pl ON pl.id = p.plan_id
     JOIN report_kinds k ON k.id = p.report_kind_id WHERE pl.code = 'BENCH-NATIONAL' AND k.code = 'semiannual' AND p.year = 2026 AND c.rule_code = 'D-7'`,
  );
  clock.set(event.due_at);
  const started = process.hrtime.bigint();
  await ctx.get(CalendarEventHandler).fire(event.id);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const [{ n }] = await ds.query<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM reminders r JOIN calendar_events c ON c.period_id = r.period_id AND c.rule_code = r.rule WHERE c.id = $1`,
    [event.id],
  );
  line('calendar.fanout.national', ms, 'ms', `reminders=${n}`);
}

/**
 * Past events fire when the live context boots (at today's date every period of the bench's plans
 * is past): their reminders, emails and snapshots are worked off before the timers are measured,
 * so that the figure is a timer's lateness on a worker with nothing else to do.
 */
async function settled(ds: DataSource): Promise<void> {
  await new Promise((r) => setTimeout(r, 2000));
  for (const until = Date.now() + 120000; Date.now() < until; await new Promise((r) => setTimeout(r, 500))) {
    const [{ n }] = await ds.query<{ n: number }[]>(
      `SELECT (SELECT count(*) FROM calendar_events WHERE state = 'pending' AND due_at <= now())
            + (SELECT count(*) FROM emails WHERE state IN ('pending', 'sending'))
            + (SELECT count(*) FROM generated_documents WHERE state IN ('queued', 'running'))::int AS n`,
    );
    if (Number(n) === 0) return;
  }
}

async function benchLateness(ds: DataSource, ctx: INestApplicationContext): Promise<void> {
  const clock = ctx.get(Clock);
  const start = clock.now().getTime() + 3000;
  const [{ id: periodId }] = await ds.query<{ id: string }[]>(
    `SELECT p.id FROM reporting_periods p JOIN plans pl ON pl.id = p.plan_id JOIN report_kinds k ON k.id = p.report_kind_id
     WHERE pl.code = 'CB-2026-2030' AND k.code = 'annual' AND p.year = 2030`,
  );
  const rows = await ds.query<{ id: string; rule_code: string; due_at: Date }[]>(
    `INSERT INTO calendar_events (period_id, event, rule_code, due_at)
     SELECT $1, 'deadline', 'bench-' || i, to_timestamp(($2::bigint + i * 40) / 1000.0) FROM generate_series(1, $3) i RETURNING id, rule_code, due_at`,
    [periodId, start, LATENESS_EVENTS],
  );
  const now = clock.now().getTime();
  await ctx
    .get(CalendarQueue)
    .addMissing(
      rows.map((r) => ({ jobId: jobIdFor(periodId, 'deadline', r.rule_code), eventId: r.id, delayMs: r.due_at.getTime() - now })),
    );
  const until = Date.now() + 60000;
  for (;;) {
    const [{ n }] = await ds.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM calendar_events WHERE rule_code LIKE 'bench-%' AND state = 'pending'`,
    );
    if (n === 0 || Date.now() > until) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const [stats] = await ds.query<{ p50: number; max: number; n: number }[]>(
    `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY lateness_ms) AS p50, max(lateness_ms) AS max, count(*)::int AS n
     FROM calendar_events WHERE rule_code LIKE 'bench-%' AND state <> 'pending'`,
  );
  line('timer.lateness.p50', Number(stats.p50), 'ms', `events=${stats.n}`);
  line('timer.lateness.max', Number(stats.max), 'ms', `events=${stats.n}`);
}

/**
 * `BENCH_ONLY=submission,timer npm run bench` runs only those groups (for profiling one figure);
 * `BENCH_KEEP_DB=1` keeps the bench's database afterwards.
 */
function wanted(group: string): boolean {
  const only = process.env.BENCH_ONLY?.split(',')
    .map((g) => g.trim())
    .filter(Boolean);
  return !only?.length || only.includes(group);
}

async function main(): Promise<void> {
  const port = 7400 + Math.floor(Math.random() * 500);
  const redisUrl = `redis://127.0.0.1:${port}`;
  const name = `cbr_bench_${randomBytes(3).toString('hex')}`;
  let redis: ChildProcess | null = null;
  const contexts: INestApplicationContext[] = [];
  process.stdout.write(
    `# machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}\n`,
  );
  const startedAt = Date.now();
  const versions = { postgres: '?', redis: '?' };
  try {
    redis = await startPrivateRedis(port);
    await adminQuery(`CREATE DATABASE "${name}"`);
    const url = databaseUrl(name);
    await runMigrations(url);
    await runSeed(url, { demoUsers: true });
    const ds = await new DataSource((await import('../src/database/data-source-options')).dataSourceOptions(url)).initialize();
    const { default: Redis } = await import('ioredis');
    const flush = async () => {
      const r = new Redis(redisUrl);
      await r.flushall();
      await r.quit();
    };

    // Before any period opens, so no timer fires while we measure the reconciler.
    if (wanted('calendar')) {
      const early = new FixedClock(new Date('2025-12-01T00:00:00+07:00'));
      const provinceCtx = await context(url, redisUrl, early);
      contexts.push(provinceCtx);
      await benchReconcile('province', provinceCtx, flush);
      await addNationalPlan(ds);
      await benchReconcile('national', provinceCtx, flush);
      await benchFanOut(ds, provinceCtx, early);
      await provinceCtx.close();
      contexts.pop();
      await flush();
    }

    // Before the save benchmark, which gives 50 agencies extra tasks: the province is Cao Bằng's own plan.
    if (wanted('consolidation')) {
      const [{ n }] = await ds.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM plans WHERE code = 'BENCH-NATIONAL'`);
      if (n === 0) await addNationalPlan(ds);
      await benchConsolidation(line, ds, url, redisUrl);
      await flush();
      // 1.2 million entries were just written: vacuumed now, so that autovacuum does not take a
      // core from the groups after this one (and from their baselines) while they measure.
      await ds.query('VACUUM (ANALYZE)');
    }

    if (wanted('submission')) {
      // The HTTP app at 2026-05-10, when the 2026 semiannual period is open.
      await benchSubmissions(line, ds, url, redisUrl);
      await flush();
    }

    if (wanted('mail')) {
      const [{ n }] = await ds.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM plans WHERE code = 'BENCH-NATIONAL'`);
      if (n === 0) await addNationalPlan(ds);
      await benchMail(line, ds, url, redisUrl, 'province');
      await flush();
      await benchMail(line, ds, url, redisUrl, 'national');
      await flush();
    }

    if (wanted('timer')) {
      const live = await context(url, redisUrl, new SystemClock());
      contexts.push(live);
      await settled(ds);
      await benchLateness(ds, live);
    }
    versions.postgres = (await ds.query<{ server_version: string }[]>('SHOW server_version'))[0].server_version;
    const info = new Redis(redisUrl);
    versions.redis = /redis_version:(\S+)/.exec(await info.info('server'))?.[1] ?? '?';
    await info.quit();
    await ds.destroy();
    writeBenchmarks(figures, versions, (Date.now() - startedAt) / 1000);
    process.stdout.write('# BENCHMARKS.md written\n');
  } finally {
    for (const c of contexts) await c.close().catch(() => undefined);
    // BENCH_KEEP_DB=1 keeps the database for EXPLAIN (ANALYZE, BUFFERS) of what a figure ran.
    if (process.env.BENCH_KEEP_DB === '1') process.stdout.write(`# database kept: ${name}\n`);
    else await dropDatabase(name).catch(() => undefined);
    redis?.kill('SIGKILL');
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
