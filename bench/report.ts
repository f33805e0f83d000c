import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';

export interface Figure {
  name: string;
  value: number;
  unit: string;
  extra: Record<string, string>;
}

/** What each figure measures, for the table. */
const MEASURES: Record<string, string> = {
  'calendar.reconcile.province':
    'Cao Bằng (64 agencies, 11 periods): periods and timers synced from Postgres into an empty Redis; `again_ms` is the second pass, which adds nothing',
  'calendar.reconcile.national':
    'the same with a 4,000-agency plan added: timers are per period and rule, so Redis holds hundreds of jobs, not one per agency',
  'calendar.fanout.national':
    'one reminder rule falling due for 4,000 agencies: reminder rows and outbox rows written with the timer’s state, in one transaction',
  'consolidation.province':
    'one snapshot of Cao Bằng’s first-half 2027 period with every report sent; `vs` is a bare GROUP BY over the same rows',
  'consolidation.national': '4,000 agencies × 300 tasks = 1.2 million task entries in one period; `vs` is the bare GROUP BY',
  'docx.province': 'rendering the province snapshot’s DOCX (and `xlsx_ms` its XLSX), best of 3',
  'submission.throughput.province':
    '`PUT /api/periods/:id/my-report` (30 task entries, ~15 kB) by 50 distinct reporters for 10 s, in a database that also holds the national plan; `vs` is a bare endpoint behind the same middleware and AuthGuard',
  'submission.p99.province': 'the same save by 10 reporters for 10 s',
  'submission.deadline_hour.national':
    'the deadline hour: 4,000 agencies (8 lead tasks each) each open their report, save it twice and send it, 50 at a time, through the API; total seconds, with the p99 and p50 of every request (ms) and the errors',
  'rss.api':
    'peak resident memory (VmHWM in `/proc/<pid>/status`) of the API process, started as `npm start` starts it with APP_ROLE=api (bench/api-server.js: migrations, seed, then the API with the bare endpoint), over all the submission runs above; `idle` is its resident memory once started, `end` after the runs',
  'reminders.fanout.province': 'the same for Cao Bằng’s 64 agencies (fixed costs dominate at this size)',
  'rss.worker.province':
    'peak resident memory (VmHWM) of the worker process, `node dist/src/main.js` with APP_ROLE=worker, that sent the 64 messages; `idle` once started',
  'docx.national': 'rendering the national snapshot’s DOCX (and `xlsx_ms` its XLSX), once each',
  'docx.national.worker':
    'the same two files made by the documents job in the worker process, started with `npm start`’s flags (a 128 MB heap; the files rendered in a document process it forks, with a heap of its own), queued by a producer without workers; end to end, with the worker’s peak resident memory (the document process’s not included: `doc_peak_rss_mb`), `idle` before and `end` after',
  'reminders.fanout.national':
    '4,000 overdue reminders: rows → outbox → queue → render → SMTP (`smtp-server` on localhost) → marked sent, one worker; `vs` is bare nodemailer sending the same pre-rendered messages',
  'rss.worker.national': 'the same for the worker process that sent the 4,000 messages',
  'timer.lateness.p50': 'delay between a timer’s due instant and its effect committed in Postgres, 250 timers, one worker',
  'timer.lateness.max': 'worst of the same 250 timers',
};

/** The targets the issues set; `ok` says whether a figure meets its own. */
const TARGETS: Record<string, { text: string; ok: (f: Figure) => boolean }> = {
  'calendar.reconcile.national': { text: '< 1 s', ok: (f) => f.value < 1000 },
  'calendar.fanout.national': { text: '< 1 s', ok: (f) => f.value < 1000 },
  'consolidation.province': { text: '< 100 ms', ok: (f) => f.value < 100 },
  'consolidation.national': { text: 'ratio ≤ 1.5', ok: (f) => Number(f.extra.ratio) <= 1.5 },
  'submission.throughput.province': { text: 'ratio ≥ 0.7', ok: (f) => Number(f.extra.ratio) >= 0.7 },
  'submission.p99.province': { text: '< 50 ms', ok: (f) => f.value < 50 },
  'submission.deadline_hour.national': {
    text: '0 errors, p99 < 200 ms',
    ok: (f) => Number(f.extra.errors) === 0 && Number(f.extra.p99) < 200,
  },
  'rss.api': { text: '< 200 MB', ok: (f) => f.value < 200 },
  'rss.worker.province': { text: '< 200 MB', ok: (f) => f.value < 200 },
  'rss.worker.national': { text: '< 200 MB', ok: (f) => f.value < 200 },
  'reminders.fanout.national': { text: 'ratio ≥ 0.7', ok: (f) => Number(f.extra.ratio) >= 0.7 },
  'timer.lateness.max': { text: '< 1 s', ok: (f) => f.value < 1000 },
  'docx.province': { text: '< 1 s', ok: (f) => f.value < 1000 },
  'docx.national': { text: '< 30 s', ok: (f) => f.value < 30000 },
  'docx.national.worker': { text: 'done, < 30 s', ok: (f) => f.extra.state === 'done' && f.value < 30000 },
};

const NOTES = `## Scales

Every figure that depends on the number of agencies is measured at both scales. A report save
touches one agency's report only, so it has one figure, measured in a database that also holds
the national plan (4,000 agencies, 1.2 million task entries); the timers are per period and rule,
not per agency, so their lateness has one figure too.

## Where the time goes (profiles of 2026-12-03/04, written by hand, not figures of this run)

Measured with \`node --cpu-prof\` on the measured processes (\`BENCH_NODE_ARGS\`),
\`pg_stat_statements\` and \`track_functions\` on the machine's PostgreSQL, \`EXPLAIN (ANALYZE, BUFFERS)\`
on a kept bench database (\`BENCH_KEEP_DB=1\`), \`bench/cpu-sample.py\` (CPU per process group
from \`/proc\`) and the kernel's \`/proc/<pid>/status\` for memory.

- **A save** (30 entries, ~15 kB each way). CPU per process group during the 10 s runs
  (\`bench/cpu-sample.py\`, 2026-12-04): the save at 265 requests/s used 72% of a core in the API
  process, 85% in PostgreSQL and 12% in the load client, i.e. ≈ 2.7 ms of API and ≈ 3.2 ms of
  PostgreSQL CPU per save; the bare endpoint at 1,447/s used ≈ 0.64 ms and ≈ 0.40 ms. Two cores
  give 2,000 ms of CPU a second: at ≈ 6.4 ms per save all told, ≤ 315 saves/s. A ratio of 0.7
  against a bare endpoint doing 1,200–1,500/s needs ≤ 1.9–2.3 ms per save all told, less than
  PostgreSQL alone spends on one. \`pg_stat_statements\` under the same load:
  \`save_agency_report\` 3.3–3.5 ms mean (the 30-entry UPDATE 0.6–1.0 ms, the report view it
  answers 0.6–1.0 ms, the unknown-code check 0.1 ms; the rest is waiting for a core). In the API
  profile the pg socket write is 50 s of ≈ 100 s: on two saturated cores that is the time the
  kernel gives the woken backend, not work of ours; garbage collection 8.5 s; the one-pass body
  check (\`src/submissions/dto/save-report.fast.ts\`) replaced ≈ 2 ms of class-validator per save.
  Round trips per save: session, plan scope, BEGIN, \`save_agency_report\` with the task needs,
  COMMIT; the bare endpoint's: session and one INSERT.
- **A reminder email** (worker profile, national fan-out, 2026-12-03): ≈ 5 ms of CPU each then
  (21.6 s busy for 4,064 messages): socket writes 7.7 s (PostgreSQL 3.6 s for the claim and the
  sent mark, SMTP 3.3 s, Redis 0.7 s), nodemailer's MIME building ≈ 3 s, rendering (compiled
  templates, cached per kind) 1.5 s, BullMQ ≈ 1–1.5 s. Bare nodemailer needs ≈ 0.6–1.3 ms a
  message, SMTP peer included. Twice the SMTP connections (10) and the job concurrency (50) left
  the ratio as it was: the worker is busy, not waiting. What is left beyond bare nodemailer is
  the outbox's exactly-once bookkeeping per message (claim, mark, one BullMQ job): batching it
  changes the one-job-per-row outbox and the unit of the queue-wide limit (not done).
- **The national roll-up** no longer scans the entries: \`period_task_totals\` holds the sent
  reports' lead-entry sums per period, task and status (16 rows per key, picked by report, so
  that submissions sharing tasks do not queue on one row), kept by statement triggers on
  \`agency_reports\` and \`report_task_entries\` in the writing transaction (migration
  PeriodTaskTotals; \`test/integration/period-task-totals.test.ts\` compares them with a fresh sum
  after sends, returns, SQL edits, deletes and a TRUNCATE). The aggregate went from 240–290 ms
  (the bare GROUP BY's own scan with four more sums) to 4–6 ms; the rest of a build is ≈ 80–120 ms:
  owing agencies 18–30 ms (zone offsets now cached per hour), storing the snapshot 20–28 ms (LZ4,
  was pglz at 27–35 ms), the previous version 11 ms, revisions 5–12 ms, texts 6 ms, task lines
  8 ms. A draft's save pays one look-up of its report by key (0.4 ms); a submission its entries'
  upsert (1.3 ms at the deadline hour's concurrency).
- **Memory**: a built process holds ≈ 145–160 MB once started (≈ 60 MB module source and code,
  ≈ 45 MB Node itself). Uncapped, the heap under the save load swung between 70 and 250 MB
  (garbage of in-flight requests, collected late because V8 saw room). \`npm start\` now runs
  node with \`--max-old-space-size=128\` (the bench starts its processes with the same flags,
  read from package.json), and what needs more runs in a document process forked on demand with
  a heap of its own: the consolidated report's DOCX, XLSX and PDF, and plan workbooks. (A worker
  thread cannot: V8's flag holds for every isolate of the process, and a national DOCX in a
  thread ran out of memory.) \`docx.national.worker\` shows the national files made by the capped
  worker, the memory in the document process (\`doc_peak_rss_mb\`), which ends after its job.

## Notes on the misses

- \`submission.throughput.province\`, \`submission.p99.province\`: see the save above; the floor
  is PostgreSQL's own work per save on two cores. The deadline hour's p99 is the queue of 50
  clients on one API process (Little's law: 50 in flight at ≈ 235 requests/s is ≈ 210 ms each).
- \`reminders.fanout.national\`: each message is rendered from PostgreSQL data, claimed and marked
  sent in PostgreSQL (the outbox that keeps a crash from sending twice); bare nodemailer does none
  of that. 4,000 reminders still leave in about ten seconds.
`;

export function writeBenchmarks(figures: Figure[], versions: { postgres: string; redis: string }, seconds: number): void {
  const cell = (f: Figure) => {
    const parts = Object.entries(f.extra).map(([k, v]) => `${k}=${v}`);
    return `${f.value.toFixed(1)} ${f.unit}${parts.length ? ` (${parts.join(', ')})` : ''}`;
  };
  const rows = figures.map((f) => {
    const target = TARGETS[f.name];
    const verdict = target ? `${target.text}: ${target.ok(f) ? 'met' : '**missed**'}` : '–';
    return `| \`${f.name}\` | ${cell(f)} | ${verdict} | ${MEASURES[f.name] ?? ''} |`;
  });
  const text = `# Benchmarks

Written by \`npm run bench\` (\`bench/run.ts\`) at the end of its run; every figure in the table
comes from that run (the notes after it are written by hand, with their dates). It creates its
own database on the machine's PostgreSQL and a private \`redis-server\` on its own port, and
removes both at the end. Scales: one province (Cao Bằng,
64 agencies) and national (4,000 agencies). \`BENCH_ONLY=calendar,consolidation,submission,mail,timer\`
runs some groups only (and then rewrites this file with those only).

Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node.js ${process.version},
PostgreSQL ${versions.postgres}, Redis ${versions.redis}; load average ${loadavg()[0].toFixed(1)} at the end.
Date: ${new Date().toISOString().slice(0, 10)}. Run time: ${(seconds / 60).toFixed(1)} minutes.

| figure | value | target | what it measures |
|---|---|---|---|
${rows.join('\n')}

Figures move by tens of milliseconds between runs on a shared machine; the submission figures
move most with the machine's load.

${NOTES}`;
  writeFileSync(join(__dirname, '..', 'BENCHMARKS.md'), text);
}
