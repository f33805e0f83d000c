import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import type { CurrentUser } from '../../auth/auth.types';
import { Clock, systemEpochMs } from '../../common/clock';
import { AppError } from '../../common/errors';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { createRedis, RedisClient } from '../../redis/redis.module';
import { queuePrefix } from '../../scheduling/queues';
import { applyPlanDocument, ImportRefused, PlanChanges, storedAgencies } from './plan-import';
import { CellError, readPlanWorkbook } from './workbook-read';

export const PLAN_IMPORT_QUEUE = 'plan-import';
export const PLAN_IMPORT_JOB = 'import-plan';
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;

export interface PlanImportJobData {
  importId: string;
}

export type ImportState = 'queued' | 'running' | 'done' | 'refused' | 'failed';

export interface ImportResult {
  plan: { code: string; title: string; startYear: number; endYear: number } | null;
  dryRun: boolean;
  changes: PlanChanges | null;
  errors: CellError[];
  unmatchedAgencies: string[];
}

export interface ImportView {
  id: string;
  fileName: string;
  dryRun: boolean;
  state: ImportState;
  progress: number;
  createdAt: Date;
  finishedAt: Date | null;
  result: ImportResult | null;
}

/** Thrown inside the transaction of a dry run so that nothing it wrote stays. */
class DryRunRollback extends Error {
  constructor(readonly result: ImportResult) {
    super('dry run');
  }
}

/**
 * Plan imports: the API stores the upload and queues a job; a worker reads the workbook, writes
 * the plan in one transaction (rolled back for a dry run) and stores the outcome, reporting its
 * progress to the job so the page can show it.
 */
@Injectable()
export class PlanImportService implements OnApplicationShutdown {
  private readonly logger = new Logger('PlanImport');
  readonly queue: Queue<PlanImportJobData>;
  private readonly redis: RedisClient;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.redis = createRedis(config.redisUrl);
    this.queue = new Queue<PlanImportJobData>(PLAN_IMPORT_QUEUE, {
      connection: this.redis,
      prefix: queuePrefix(config.redisPrefix),
      defaultJobOptions: {
        attempts: 3,
        backoff: { type: 'exponential', delay: 1000 },
        removeOnComplete: { age: 7 * 24 * 3600 },
        removeOnFail: { age: 30 * 24 * 3600 },
      },
    });
  }

  /** Stores the upload and queues its job; answers the import's id. */
  async start(file: Express.Multer.File | undefined, dryRun: boolean, user: CurrentUser): Promise<string> {
    if (!file || file.size === 0) throw AppError.field('file', 'Hãy chọn tệp bảng tính (.xlsx) để nhập.');
    // An .xlsx file is a zip archive: anything else is refused before a worker opens it.
    if (file.buffer.subarray(0, 4).toString('binary') !== 'PK\u0003\u0004') {
      throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Tệp không phải bảng tính Excel (.xlsx).', [
        { path: 'file', message: 'Chỉ nhận tệp .xlsx.' },
      ]);
    }
    const [{ id }] = (await this.dataSource.query(
      `INSERT INTO plan_imports (file_name, file, dry_run, created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [file.originalname.normalize('NFC').slice(0, 255) || 'ke-hoach.xlsx', file.buffer, dryRun, user.id, this.clock.now()],
    )) as { id: string }[];
    await this.queue.add(PLAN_IMPORT_JOB, { importId: id }, { jobId: id });
    return id;
  }

  /** Runs the same upload again, for real, after the administrator read the dry run. */
  async confirm(importId: string, user: CurrentUser): Promise<string> {
    const [{ id }] = ((await this.dataSource.query(
      `INSERT INTO plan_imports (file_name, file, dry_run, created_by, created_at)
       SELECT file_name, file, false, $2, $3 FROM plan_imports WHERE id = $1 AND dry_run AND state = 'done' RETURNING id`,
      [importId, user.id, this.clock.now()],
    )) as { id: string }[]) ?? [{ id: null }];
    if (!id) throw AppError.notFound('Không tìm thấy lần chạy thử thành công để nhập chính thức.', 'IMPORT_NOT_FOUND');
    await this.queue.add(PLAN_IMPORT_JOB, { importId: id }, { jobId: id });
    return id;
  }

  async view(importId: string): Promise<ImportView | null> {
    if (!/^[0-9a-f-]{36}$/i.test(importId)) return null;
    const [row] = (await this.dataSource.query(
      'SELECT id, file_name, dry_run, state, result, created_at, finished_at FROM plan_imports WHERE id = $1',
      [importId],
    )) as Record<string, any>[];
    if (!row) return null;
    let progress = row.state === 'queued' ? 0 : 1;
    if (row.state === 'running') {
      const job = await this.queue.getJob(importId);
      progress = typeof job?.progress === 'number' ? job.progress : 0;
    }
    return {
      id: row.id,
      fileName: row.file_name,
      dryRun: row.dry_run,
      state: row.state,
      progress,
      createdAt: row.created_at,
      finishedAt: row.finished_at,
      result: row.result,
    };
  }

  /** Waits for the worker to finish the import, reading Postgres (any API process may ask). */
  async waitFor(importId: string, timeoutMs = 120_000): Promise<ImportView> {
    const until = systemEpochMs() + timeoutMs;
    for (;;) {
      const v = await this.view(importId);
      if (!v) throw AppError.notFound('Không tìm thấy lần nhập.', 'IMPORT_NOT_FOUND');
      if (v.state !== 'queued' && v.state !== 'running') return v;
      if (systemEpochMs() > until) return v;
      await new Promise((r) => setTimeout(r, 150));
    }
  }

  /** The worker's part: read, write, store the outcome. */
  async run(importId: string, progress: (fraction: number) => Promise<void>): Promise<ImportState> {
    // TypeORM answers an UPDATE as [rows, count]; a CTE makes it a plain SELECT.
    const [row] = (await this.dataSource.query(
      `WITH started AS (UPDATE plan_imports SET state = 'running' WHERE id = $1 AND state IN ('queued', 'running') RETURNING file, dry_run, created_by)
       SELECT * FROM started`,
      [importId],
    )) as { file: Buffer; dry_run: boolean; created_by: string }[];
    if (!row) return 'done';
    const known = await storedAgencies(this.dataSource.manager);
    const read = await readPlanWorkbook(row.file, known, (f) => progress(f * 0.6));
    let result: ImportResult = {
      plan: null,
      dryRun: row.dry_run,
      changes: null,
      errors: read.errors,
      unmatchedAgencies: read.unmatchedAgencies,
    };
    let state: ImportState = 'refused';
    if (read.doc) {
      const doc = read.doc;
      const summary = { code: doc.plan.code, title: doc.plan.title, startYear: doc.plan.startYear, endYear: doc.plan.endYear };
      try {
        result = await this.dataSource.transaction(async (em) => {
          await progress(0.7);
          const { planId, changes } = await applyPlanDocument(em, doc);
          const outcome: ImportResult = { plan: summary, dryRun: row.dry_run, changes, errors: [], unmatchedAgencies: [] };
          if (row.dry_run) throw new DryRunRollback(outcome);
          const [actor] = (await em.query('SELECT id, username FROM users WHERE id = $1', [row.created_by])) as {
            id: string;
            username: string;
          }[];
          await this.audit.record(em, {
            actor: actor ?? null,
            action: 'plan.import',
            entity: 'plan',
            entityId: planId,
            detail: { importId, created: changes.created.length, updated: changes.updated.length, removed: changes.removed.length },
          });
          return outcome;
        });
        state = 'done';
      } catch (error) {
        if (error instanceof DryRunRollback) {
          result = error.result;
          state = 'done';
        } else if (error instanceof ImportRefused) {
          result = { ...result, plan: summary, errors: error.errors };
        } else throw error;
      }
    }
    await progress(1);
    await this.dataSource.query(`UPDATE plan_imports SET state = $2, result = $3, plan_code = $4, finished_at = $5 WHERE id = $1`, [
      importId,
      state,
      JSON.stringify(result),
      result.plan?.code ?? null,
      this.clock.now(),
    ]);
    this.logger.log({ importId, state, dryRun: row.dry_run, errors: result.errors.length }, 'Plan import finished');
    return state;
  }

  /** A job that failed for good (not a refusal: a crash) leaves a visible state, not a spinner. */
  async markFailed(importId: string, message: string): Promise<void> {
    const result: ImportResult = {
      plan: null,
      dryRun: false,
      changes: null,
      errors: [{ sheet: '', row: null, column: null, message }],
      unmatchedAgencies: [],
    };
    await this.dataSource.query(
      `UPDATE plan_imports SET state = 'failed', result = $2, finished_at = $3 WHERE id = $1 AND state IN ('queued', 'running')`,
      [importId, JSON.stringify(result), this.clock.now()],
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
