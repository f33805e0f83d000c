import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { cloneTemplateDatabase, databaseUrl, dropDatabase } from '../helpers/db';
import { AppProcess, startAppProcess, startPrivateRedis } from '../helpers/processes';
import { SmtpSink, startSmtpSink } from '../helpers/smtp';
import { waitFor } from '../helpers/wait';
import { takeTurn, TURN_TIMEOUT_MS } from '../helpers/exclusive';

const H1_2026 = `SELECT p.id FROM reporting_periods p JOIN report_kinds k ON k.id = p.report_kind_id WHERE k.code = 'semiannual' AND p.year = 2026`;
const BASE_PORT = 7100 + Math.floor(Math.random() * 400) * 5;

/**
 * Redis as production runs it: the policy check at start, a 3-master Cluster, and a Sentinel
 * master failing over in the middle of a reminder cycle. Each runs private redis-server
 * instances on their own ports; the reminder cycle is the D-7 of the first half of 2026.
 */
describe('Redis for production', () => {
  // One process-starting suite at a time (test/helpers/exclusive.ts).
  let release: (() => Promise<void>) | null = null;
  beforeAll(async () => {
    release = await takeTurn();
  }, TURN_TIMEOUT_MS);
  afterAll(async () => {
    await release?.();
  });

  let smtp: SmtpSink;
  const servers: ChildProcess[] = [];
  const dirs: string[] = [];
  let apps: AppProcess[] = [];
  let name: string | null = null;
  let db: DataSource | null = null;

  beforeAll(async () => {
    smtp = await startSmtpSink();
  });
  afterEach(async () => {
    await Promise.all(apps.map((a) => a.stop()));
    apps = [];
    await db?.destroy();
    db = null;
    if (name) await dropDatabase(name);
    name = null;
    for (const s of servers.splice(0)) s.kill('SIGKILL');
    smtp.received.length = 0;
  });
  afterAll(async () => {
    await smtp?.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  async function freshDatabase(): Promise<string> {
    name = await cloneTemplateDatabase();
    db = await new DataSource(dataSourceOptions(databaseUrl(name))).initialize();
    return databaseUrl(name);
  }

  /** The D-7 of 13/5/2026 08:00 recorded once per agency, and one email each. */
  async function expectOneReminderCycle(): Promise<void> {
    // The row appears once a process has reconciled the calendar: until then, not fired yet.
    await waitFor(
      async () =>
        (await db!.query<{ state: string }[]>(`SELECT state FROM calendar_events WHERE period_id = (${H1_2026}) AND rule_code = 'D-7'`))[0]
          ?.state === 'fired',
      90_000,
      250,
    );
    const [reminders] = await db!.query<{ total: number; agencies: number }[]>(
      `SELECT count(*)::int AS total, count(DISTINCT agency_id)::int AS agencies FROM reminders WHERE period_id = (${H1_2026}) AND rule = 'D-7'`,
    );
    expect(reminders).toEqual({ total: 64, agencies: 64 });
    const d7 = () => smtp.received.filter((m) => m.subject.startsWith('[Nhắc hạn]'));
    await waitFor(async () => d7().length >= 64, 60_000, 250);
    await new Promise((r) => setTimeout(r, 1500)); // a late duplicate would arrive now
    const byAgency = new Map<string, number>();
    for (const m of d7()) byAgency.set(m.to.join(','), (byAgency.get(m.to.join(',')) ?? 0) + 1);
    expect(byAgency.size).toBe(64);
    expect([...byAgency.values()].every((n) => n === 1)).toBe(true);
  }

  const workerEnv = (databaseUrl: string, redisUrl: string, clockStart: string) => ({
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    APP_ROLE: 'worker',
    APP_CLOCK_START: clockStart,
    CALENDAR_RECONCILE_SECONDS: '2',
    SMTP_URL: smtp.url,
    MAIL_RATE_PER_SECOND: '1000',
    REDIS_REQUIRE_NOEVICTION: 'true',
  });

  it('refuses to start on a Redis that may evict keys, and starts on one that may not', async () => {
    const port = BASE_PORT;
    servers.push(await startPrivateRedis(port, ['--maxmemory', '64mb', '--maxmemory-policy', 'allkeys-lru']));
    const url = await freshDatabase();
    const refused = startAppProcess(workerEnv(url, `redis://127.0.0.1:${port}`, '2026-05-01T09:00:00+07:00'));
    apps.push(refused);
    // Up to 180 s as for every ts-node process start here: a loaded 2-core machine needs it.
    await waitFor(async () => refused.child.exitCode !== null, 180_000, 200);
    expect(refused.child.exitCode).toBe(1);
    expect(refused.output()).toContain(
      `Refusing to start: Redis 127.0.0.1:${port} has maxmemory-policy "allkeys-lru"; set it to noeviction`,
    );

    const r = new Redis(`redis://127.0.0.1:${port}`);
    await r.config('SET', 'maxmemory-policy', 'noeviction');
    await r.quit();
    const started = startAppProcess(workerEnv(url, `redis://127.0.0.1:${port}`, '2026-05-01T09:00:00+07:00'));
    apps.push(started);
    await started.waitForOutput('Worker started');
  }, 400_000);

  it('runs a reminder cycle on a 3-master Redis Cluster (hash-tagged queue keys)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cbr-cluster-'));
    dirs.push(dir);
    const ports = [BASE_PORT + 1, BASE_PORT + 2, BASE_PORT + 3];
    for (const p of ports) {
      servers.push(
        await startPrivateRedis(p, ['--cluster-enabled', 'yes', '--cluster-config-file', join(dir, `nodes-${p}.conf`), '--dir', dir]),
      );
    }
    execFileSync('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'], {
      stdio: 'ignore',
    });
    await waitFor(
      async () =>
        execFileSync('redis-cli', ['-p', String(ports[0]), 'cluster', 'info'])
          .toString()
          .includes('cluster_state:ok'),
      20_000,
      200,
    );
    const url = await freshDatabase();
    const env = workerEnv(url, `redis+cluster://${ports.map((p) => `127.0.0.1:${p}`).join(',')}`, '2026-05-13T07:59:30+07:00');
    apps = [startAppProcess(env), startAppProcess(env)];
    await Promise.all(apps.map((a) => a.waitForOutput('Worker started')));
    await expectOneReminderCycle();
  }, 180_000);

  it('keeps the cycle through a Sentinel failover: the replica becomes master and the timers fire once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cbr-sentinel-'));
    dirs.push(dir);
    const [master, replica, sentinelPort] = [BASE_PORT + 4, BASE_PORT + 5, BASE_PORT + 6];
    servers.push(await startPrivateRedis(master));
    servers.push(await startPrivateRedis(replica, ['--replicaof', '127.0.0.1', String(master)]));
    const conf = join(dir, 'sentinel.conf');
    writeFileSync(
      conf,
      [
        `port ${sentinelPort}`,
        'bind 127.0.0.1',
        `dir ${dir}`,
        `sentinel monitor mymaster 127.0.0.1 ${master} 1`,
        'sentinel down-after-milliseconds mymaster 1000',
        'sentinel failover-timeout mymaster 5000',
        '',
      ].join('\n'),
    );
    const sentinel = spawn('redis-server', [conf, '--sentinel'], { stdio: 'ignore' });
    servers.push(sentinel);
    const masterPort = () =>
      Number(
        execFileSync('redis-cli', ['-p', String(sentinelPort), 'SENTINEL', 'get-master-addr-by-name', 'mymaster'])
          .toString()
          .trim()
          .split('\n')[1],
      );
    await waitFor(
      async () => {
        try {
          return (
            masterPort() === master &&
            execFileSync('redis-cli', ['-p', String(replica), 'info', 'replication'])
              .toString()
              .includes('master_link_status:up')
          );
        } catch {
          return false;
        }
      },
      20_000,
      200,
    );

    const url = await freshDatabase();
    // A minute before D-7: the timers are laid on the first master, which then fails over.
    const env = workerEnv(url, `redis+sentinel://127.0.0.1:${sentinelPort}/mymaster`, '2026-05-13T07:59:00+07:00');
    apps = [startAppProcess(env), startAppProcess(env)];
    await Promise.all(apps.map((a) => a.waitForOutput('Worker started')));
    await waitFor(
      async () => (await db!.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM calendar_events WHERE state <> 'pending'`))[0].n > 0,
      30_000,
    );
    execFileSync('redis-cli', ['-p', String(sentinelPort), 'SENTINEL', 'FAILOVER', 'mymaster']);
    await waitFor(async () => masterPort() === replica, 30_000, 200);
    await expectOneReminderCycle();
    const [{ pending }] = await db!.query<{ pending: number }[]>(
      `SELECT count(*)::int AS pending FROM calendar_events WHERE state = 'pending' AND due_at <= '2026-05-13T08:00:00+07:00'`,
    );
    expect(pending).toBe(0);
  }, 180_000);
});
