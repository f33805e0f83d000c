/**
 * Issue 4's figures: save-draft throughput and latency of `PUT /api/periods/:id/my-report`, and
 * the API's memory. The API runs in its own process, started from the build as `npm start` starts
 * it with APP_ROLE=api (bench/api-server.js: the same app plus one bare endpoint behind the same
 * middleware and the same AuthGuard that inserts one row into a table the benchmark creates). The
 * clients run in another child process (bench/load-client.ts). Each client is a distinct agency
 * reporter, so optimistic-locking conflicts do not occur; each report carries 30 filled task
 * entries. `rss.api` is the API process's peak resident memory (VmHWM) while it served, and
 * `idle` its resident memory once started, both from `/proc/<pid>/status`. Last, the deadline
 * hour (bench/deadline-hour.ts) through the same process.
 */
import { ChildProcess, fork } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AppProcess, ProcessMemory } from './app-process';
import { prepareDeadlineHour } from './deadline-hour';
import type { DeadlineMessage, DeadlineReply, FailReply, RunMessage, RunReply, SetupMessage, SetupReply } from './load-client';

const PASSWORD = 'Demo@2026';
const PLAN = 'CB-2026-2030';
const ENTRIES = 30;
const THROUGHPUT_CLIENTS = 50;
const LATENCY_CLIENTS = 10;
const WARMUP_MS = 2000;
const RUN_MS = 10000;
/** The 2026 semiannual period is open (15/12/2025 – 20/5/2026) at this instant. */
const CLOCK_START = '2026-05-10T09:00:00+07:00';

export type Line = (name: string, value: number, unit: string, extra?: string) => void;

/** The load generator in its own process (bench/load-client.ts), driven over IPC. */
class LoadClient {
  private readonly child: ChildProcess;

  constructor() {
    this.child = fork(join(__dirname, 'load-client.ts'), [], {
      execArgv: ['-r', 'ts-node/register'],
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
  }

  ask<T extends SetupReply | RunReply | DeadlineReply>(message: SetupMessage | RunMessage | DeadlineMessage): Promise<T> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`load client exited (${code})`));
      this.child.once('exit', onExit);
      this.child.once('message', (reply: T | FailReply) => {
        this.child.off('exit', onExit);
        if (reply.type === 'failed') reject(new Error(`load client: ${reply.message}`));
        else resolve(reply);
      });
      this.child.send(message);
    });
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    if (this.child.connected) this.child.send({ type: 'exit' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  }
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * Gives each benchmark agency lead assignments on further tasks of the plan until its report has
 * exactly `ENTRIES` task entries. Agencies that already answer for more are left out.
 */
async function benchAgencies(ds: DataSource, wanted: number): Promise<string[]> {
  const rows = await ds.query<{ username: string; agency_id: string; n: number }[]>(
    `SELECT u.username, a.id AS agency_id,
            (SELECT count(*)::int FROM task_assignments ta JOIN tasks t ON t.id = ta.task_id JOIN plans p ON p.id = t.plan_id
             WHERE ta.agency_id = a.id AND p.code = $1 AND t.kind <> 'group') AS n
     FROM users u JOIN agencies a ON a.id = u.agency_id
     WHERE u.role = 'reporter' AND NOT u.disabled ORDER BY u.username`,
    [PLAN],
  );
  const chosen = rows.filter((r) => r.n <= ENTRIES).slice(0, wanted);
  if (chosen.length < wanted) throw new Error(`only ${chosen.length} agencies with at most ${ENTRIES} tasks`);
  for (const r of chosen) {
    await ds.query(
      `INSERT INTO task_assignments (task_id, agency_id, role)
       SELECT t.id, $2, 'lead' FROM tasks t JOIN plans p ON p.id = t.plan_id
       WHERE p.code = $1 AND t.kind <> 'group' AND NOT EXISTS (SELECT 1 FROM task_assignments x WHERE x.task_id = t.id AND x.agency_id = $2)
       ORDER BY t.code LIMIT $3
       ON CONFLICT DO NOTHING`,
      [PLAN, r.agency_id, ENTRIES - r.n],
    );
  }
  return chosen.map((r) => r.username);
}

/**
 * Prints `submission.throughput.province`, `submission.p99.province`, `submission.deadline_hour.national`
 * and `rss.api`.
 * Uses the caller's migrated, seeded database (`url`, with demo users) and Redis.
 */
export async function benchSubmissions(line: Line, ds: DataSource, url: string, redisUrl: string): Promise<void> {
  let api: AppProcess | null = null;
  let idle: ProcessMemory | undefined;
  let served: ProcessMemory | undefined;
  let load: LoadClient | null = null;
  try {
    await ds.query(
      `CREATE TABLE IF NOT EXISTS bench_rows (id bigserial PRIMARY KEY, user_id uuid NOT NULL, at timestamptz NOT NULL DEFAULT now())`,
    );
    const usernames = await benchAgencies(ds, THROUGHPUT_CLIENTS);
    const hour = await prepareDeadlineHour(ds, new Date(CLOCK_START));

    const port = 7900 + Math.floor(Math.random() * 500);
    api = await AppProcess.start('api', {
      NODE_ENV: 'test',
      DATABASE_URL: url,
      REDIS_URL: redisUrl,
      PORT: String(port),
      LOG_LEVEL: 'silent',
      CALENDAR_RECONCILE_SECONDS: '86400',
      SEED_DEMO_REPORTS: 'false',
      APP_CLOCK_START: CLOCK_START,
      ATTACHMENTS_DIR: join(tmpdir(), 'cbr-bench-attachments'),
    });
    await new Promise((r) => setTimeout(r, 2000));
    idle = api.memory();

    load = new LoadClient();
    const ready = await load.ask<SetupReply>({
      type: 'setup',
      port,
      usernames,
      password: PASSWORD,
      plan: PLAN,
      sockets: THROUGHPUT_CLIENTS,
    });
    const wrong = ready.entries.filter((n) => n !== ENTRIES);
    if (wrong.length) throw new Error(`reports with other than ${ENTRIES} task entries: ${wrong.join(', ')}`);
    const client = load;
    const run = async (route: 'save' | 'bare', clients: number, ms: number) => {
      const result = await client.ask<RunReply>({ type: 'run', route, clients, ms });
      if (result.firstError) process.stdout.write(`# ${route}: first failed request: ${result.firstError}\n`);
      return result;
    };

    // Warm up both routes (JIT, connection pools, first fills), then measure each alone.
    await run('save', THROUGHPUT_CLIENTS, WARMUP_MS);
    await run('bare', THROUGHPUT_CLIENTS, WARMUP_MS);
    const ours = await run('save', THROUGHPUT_CLIENTS, RUN_MS);
    const base = await run('bare', THROUGHPUT_CLIENTS, RUN_MS);
    const oursRate = ours.ok / ours.seconds;
    const bareRate = base.ok / base.seconds;
    line(
      'submission.throughput.province',
      oursRate,
      'req/s',
      `vs=${bareRate.toFixed(1)} ratio=${(oursRate / bareRate).toFixed(2)} clients=${THROUGHPUT_CLIENTS} entries=${ENTRIES} seconds=${(RUN_MS / 1000).toFixed(0)} errors=${ours.errors} conflicts=${ours.conflicts} bare_errors=${base.errors}`,
    );

    const lat = await run('save', LATENCY_CLIENTS, RUN_MS);
    const sorted = lat.latenciesMs.sort((a, b) => a - b);
    line(
      'submission.p99.province',
      percentile(sorted, 99),
      'ms',
      `p50=${percentile(sorted, 50).toFixed(1)} max=${(sorted[sorted.length - 1] ?? NaN).toFixed(1)} clients=${LATENCY_CLIENTS} requests=${lat.ok} rate=${(lat.ok / lat.seconds).toFixed(1)} errors=${lat.errors}`,
    );

    // The deadline hour: 4,000 agencies open, save twice and send, 50 at a time.
    const dl = await client.ask<DeadlineReply>({
      type: 'deadline',
      periodId: hour.periodId,
      tokens: hour.tokens,
      clients: THROUGHPUT_CLIENTS,
    });
    if (dl.firstError) process.stdout.write(`# deadline hour: first failed request: ${dl.firstError}\n`);
    line(
      'submission.deadline_hour.national',
      dl.seconds,
      's',
      `p99=${percentile(dl.latenciesMs, 99).toFixed(1)} p50=${percentile(dl.latenciesMs, 50).toFixed(1)} errors=${dl.errors} agencies=${dl.agencies} submitted=${dl.submitted} requests=${dl.requests} clients=${THROUGHPUT_CLIENTS} entries=${hour.entriesPerReport}`,
    );
    served = api.memory();
  } finally {
    await load?.close();
    await api?.stop();
  }
  if (idle && served) line('rss.api', served.peakMb, 'MB', `idle=${idle.rssMb.toFixed(1)} end=${served.rssMb.toFixed(1)} pid_status=VmHWM`);
}
