/**
 * Issue 6's figures: building the consolidated snapshot against a bare SQL GROUP BY over the same
 * rows (the floor Postgres sets), for one province (Cao Bằng, every agency reported) and at
 * national scale (4,000 agencies × 300 tasks = 1.2 million task entries in one period); and
 * generating the province's DOCX and XLSX (time and the process's peak memory).
 */
import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createWorkerContext } from '../src/bootstrap';
import { FixedClock } from '../src/common/clock';
import { loadConfig } from '../src/config/app-config';
import { ConsolidationsService } from '../src/consolidation/consolidations.service';
import { DocumentsService } from '../src/consolidation/documents.service';
import { AppProcess } from './app-process';
import { renderConsolidationDocx } from '../src/consolidation/report-docx';
import { renderConsolidationXlsx } from '../src/consolidation/report-xlsx';
import type { Line } from './submissions';

const NATIONAL_TASKS = 300;
const RUNS = 3;

const BARE = `SELECT e.task_id, e.status, count(*), sum(e.capital_allocated), sum(e.capital_disbursed), avg(e.percent_complete)
              FROM report_task_entries e JOIN agency_reports r ON r.id = e.report_id
              WHERE r.period_id = $1 AND r.state IN ('submitted', 'accepted') GROUP BY e.task_id, e.status`;

/** The 2027 first-half period: the other groups work on 2026's and are left as they were. */
async function periodOf(ds: DataSource, plan: string): Promise<string> {
  const [row] = await ds.query<{ id: string }[]>(
    `SELECT p.id FROM reporting_periods p JOIN plans pl ON pl.id = p.plan_id JOIN report_kinds k ON k.id = p.report_kind_id
     WHERE pl.code = $1 AND k.code = 'semiannual' AND p.year = 2027`,
    [plan],
  );
  return row.id;
}

/** Every agency that owes the period has sent its report, with an entry per task it leads. */
async function fillReports(ds: DataSource, periodId: string, perAgencyTasks: 'assigned' | 'all'): Promise<number> {
  await ds.transaction(async (em) => {
    await em.query(
      `INSERT INTO agency_reports (period_id, agency_id, state, version, first_submitted_at, submitted_at, on_time, summary_assessment)
       SELECT $1, o.agency_id, 'submitted', 2, p.due_at - interval '1 day', p.due_at - interval '1 day', (row_number() OVER (ORDER BY o.agency_id)) % 5 <> 0, 'Cơ bản đạt tiến độ.'
       FROM (SELECT ka.agency_id FROM report_kind_agencies ka WHERE ka.report_kind_id = (SELECT report_kind_id FROM reporting_periods WHERE id = $1)) o
       CROSS JOIN reporting_periods p WHERE p.id = $1
       -- Drafts an earlier group left (the save benchmark) are sent too.
       ON CONFLICT (period_id, agency_id) DO UPDATE SET state = 'submitted', first_submitted_at = EXCLUDED.first_submitted_at,
         submitted_at = EXCLUDED.submitted_at, on_time = EXCLUDED.on_time, summary_assessment = EXCLUDED.summary_assessment`,
      [periodId],
    );
    const statuses = `(ARRAY['not_started','on_track','behind_schedule','completed','suspended'])[1 + abs(hashtext(r.id::text || t.id::text)) % 5]`;
    const source =
      perAgencyTasks === 'all'
        ? `FROM agency_reports r JOIN tasks t ON t.plan_id = (SELECT plan_id FROM reporting_periods WHERE id = $1) AND t.kind <> 'group' WHERE r.period_id = $1`
        : `FROM agency_reports r JOIN task_assignments ta ON ta.agency_id = r.agency_id AND ta.role = 'lead' JOIN tasks t ON t.id = ta.task_id AND t.kind <> 'group'
           AND t.plan_id = (SELECT plan_id FROM reporting_periods WHERE id = $1) WHERE r.period_id = $1`;
    await em.query(
      `INSERT INTO report_task_entries (report_id, task_id, role, status, percent_complete, capital_allocated, capital_allocated_state_budget, capital_disbursed, capital_disbursed_state_budget, work_done)
       SELECT r.id, t.id, 'lead', ${statuses}, abs(hashtext(t.id::text || r.id::text)) % 101, 12.5, 10, 7.25, 6, 'Đang triển khai.'
       ${source}
       ON CONFLICT (report_id, task_id) DO NOTHING`,
      [periodId],
    );
    await em.query(
      `INSERT INTO report_revisions (report_id, number, snapshot, submitted_at, submitted_by)
       SELECT r.id, 1, '{}'::jsonb, r.submitted_at, (SELECT id FROM users WHERE username = 'coordinator') FROM agency_reports r WHERE r.period_id = $1
       ON CONFLICT DO NOTHING`,
      [periodId],
    );
  });
  await ds.query('ANALYZE report_task_entries');
  await ds.query('ANALYZE agency_reports');
  const [{ n }] = await ds.query<
    {
      n: number;
    }[]
  >(`SELECT count(*)::int AS n FROM report_task_entries e JOIN agency_reports r ON r.id = e.report_id WHERE r.period_id = $1`, [periodId]);
  return n;
}

/** 300 tasks in three sections for the national plan, each led by every one of its agencies. */
async function nationalTasks(ds: DataSource): Promise<void> {
  await ds.transaction(async (em) => {
    const [{ id: planId }] = await em.query<{ id: string }[]>(`SELECT id FROM plans WHERE code = 'BENCH-NATIONAL'`);
    await em.query(
      `INSERT INTO plan_sections (plan_id, code, title, position, capital_total, capital_state_budget, capital_non_state_budget)
       SELECT $1, 'S' || i, 'Lĩnh vực ' || i, i, 100000, 60000, 40000 FROM generate_series(1, 3) i`,
      [planId],
    );
    await em.query(
      `INSERT INTO tasks (plan_id, section_id, code, title, kind, position)
       SELECT $1, (SELECT id FROM plan_sections WHERE plan_id = $1 AND code = 'S' || (1 + (i - 1) % 3)), 'T.' || i, 'Nhiệm vụ thử ' || i, 'task', i
       FROM generate_series(1, $2) i`,
      [planId, NATIONAL_TASKS],
    );
    await em.query(
      `INSERT INTO task_assignments (task_id, agency_id, role)
       SELECT t.id, a.id, 'lead' FROM tasks t CROSS JOIN agencies a WHERE t.plan_id = $1 AND a.code LIKE 'N%'`,
      [planId],
    );
  });
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const best: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const started = process.hrtime.bigint();
    await fn();
    best.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return Math.min(...best);
}

export async function benchConsolidation(line: Line, ds: DataSource, url: string, redisUrl: string): Promise<void> {
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: url,
    REDIS_URL: redisUrl,
    APP_ROLE: 'worker',
    LOG_LEVEL: 'silent',
    CALENDAR_RECONCILE_SECONDS: '86400',
  });
  // Before any period opens: no timer fires while we measure.
  const ctx: INestApplicationContext = await createWorkerContext(config, {
    overrideClock: new FixedClock(new Date('2025-12-01T07:00:00+07:00')),
  });
  let nationalId: string;
  try {
    const service = ctx.get(ConsolidationsService);

    const province = await periodOf(ds, 'CB-2026-2030');
    const provinceRows = await fillReports(ds, province, 'assigned');
    await service.build(province, null); // warm-up
    const ours = await timed(() => service.build(province, null));
    const bare = await timed(() => ds.query(BARE, [province]));
    line('consolidation.province', ours, 'ms', `vs=${bare.toFixed(1)} ratio=${(ours / bare).toFixed(2)} entries=${provinceRows}`);

    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const [latest] = await service.list(province);
    const view = await service.get(latest.id);
    const docxMs = await timed(() => renderConsolidationDocx(view, '2026-05-28'));
    const xlsxMs = await timed(() => renderConsolidationXlsx(view));
    clearInterval(sampler);
    const size = (await renderConsolidationDocx(view, '2026-05-28')).length;
    line(
      'docx.province',
      docxMs,
      'ms',
      `xlsx_ms=${xlsxMs.toFixed(1)} docx_bytes=${size} peak_rss_mb=${(peak / 2 ** 20).toFixed(1)} rss_growth_mb=${((peak - before) / 2 ** 20).toFixed(1)}`,
    );

    const [{ n }] = await ds.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM tasks t JOIN plans p ON p.id = t.plan_id WHERE p.code = 'BENCH-NATIONAL'`,
    );
    if (n === 0) await nationalTasks(ds);
    const national = await periodOf(ds, 'BENCH-NATIONAL');
    const nationalRows = await fillReports(ds, national, 'all');
    await service.build(national, null); // warm-up
    const oursN = await timed(() => service.build(national, null));
    const bareN = await timed(() => ds.query(BARE, [national]));
    line('consolidation.national', oursN, 'ms', `vs=${bareN.toFixed(1)} ratio=${(oursN / bareN).toFixed(2)} entries=${nationalRows}`);

    // The national snapshot's documents: once each (they are large), with the memory they take.
    const beforeN = process.memoryUsage().rss;
    let peakN = beforeN;
    const samplerN = setInterval(() => (peakN = Math.max(peakN, process.memoryUsage().rss)), 20);
    const [latestN] = await service.list(national);
    const viewN = await service.get(latestN.id);
    let started = process.hrtime.bigint();
    const docxN = await renderConsolidationDocx(viewN, '2026-05-28');
    const docxNMs = Number(process.hrtime.bigint() - started) / 1e6;
    started = process.hrtime.bigint();
    await renderConsolidationXlsx(viewN);
    const xlsxNMs = Number(process.hrtime.bigint() - started) / 1e6;
    clearInterval(samplerN);
    line(
      'docx.national',
      docxNMs,
      'ms',
      `xlsx_ms=${xlsxNMs.toFixed(1)} docx_bytes=${docxN.length} peak_rss_mb=${(peakN / 2 ** 20).toFixed(1)} rss_growth_mb=${((peakN - beforeN) / 2 ** 20).toFixed(1)}`,
    );
    nationalId = latestN.id;
  } finally {
    await ctx.close();
  }
  // After the context above is closed: its own documents worker would take the job.
  await benchWorkerDocuments(line, ds, url, redisUrl, nationalId);
}

/**
 * The national snapshot's DOCX and XLSX as a deployment makes them: the documents job run by the
 * worker process, started with \`npm start\`'s flags (its capped heap; the files are rendered in a
 * document process it forks, with a heap of its own), queued by a producer without workers (the API's part). Prints
 * the job's time end to end, the worker's peak resident memory and its document process's.
 */
async function benchWorkerDocuments(line: Line, ds: DataSource, url: string, redisUrl: string, consolidationId: string): Promise<void> {
  const at = '2025-12-01T07:00:00+07:00';
  const env = { NODE_ENV: 'test', DATABASE_URL: url, REDIS_URL: redisUrl, LOG_LEVEL: 'silent', CALENDAR_RECONCILE_SECONDS: '86400' };
  const producer = await createWorkerContext(loadConfig({ ...env, APP_ROLE: 'api' }), { overrideClock: new FixedClock(new Date(at)) });
  let worker: AppProcess | null = null;
  try {
    worker = await AppProcess.start('worker', { ...env, LOG_LEVEL: 'warn', APP_CLOCK_START: at, SEED_DEMO_REPORTS: 'false' });
    await new Promise((r) => setTimeout(r, 2000));
    const idle = worker.memory();
    const [coordinator] = await ds.query<{ id: string }[]>(`SELECT id FROM users WHERE username = 'coordinator'`);
    const documents = producer.get(DocumentsService);
    const started = process.hrtime.bigint();
    const jobId = await documents.start(consolidationId, { id: coordinator.id } as never);
    let state = 'queued';
    let documentPeakMb = 0;
    for (const until = Date.now() + 180000; Date.now() < until; await new Promise((r) => setTimeout(r, 100))) {
      for (const mb of worker.childrenPeakMb().values()) documentPeakMb = Math.max(documentPeakMb, mb);
      state = (await documents.view(jobId))?.state ?? 'missing';
      if (state === 'done' || state === 'failed') break;
    }
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const [{ docx, xlsx }] = await ds.query<{ docx: number | null; xlsx: number | null }[]>(
      `SELECT octet_length(docx) AS docx, octet_length(xlsx) AS xlsx FROM generated_documents WHERE id = $1`,
      [jobId],
    );
    const used = worker.memory();
    if (state !== 'done') process.stdout.write(`# documents job ${state}; the worker printed:\n${worker.printed.slice(-4000)}\n`);
    line(
      'docx.national.worker',
      ms,
      'ms',
      `state=${state} docx_bytes=${docx ?? 0} xlsx_bytes=${xlsx ?? 0} peak_rss_mb=${used.peakMb.toFixed(1)} doc_peak_rss_mb=${documentPeakMb.toFixed(1)} idle=${idle.rssMb.toFixed(1)} end=${used.rssMb.toFixed(1)}`,
    );
  } finally {
    await worker?.stop();
    await producer.close();
  }
}
