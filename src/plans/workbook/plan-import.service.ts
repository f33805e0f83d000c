import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { AgenciesRepository } from '../../agencies/agencies.repository';
import { AuditService } from '../../audit/audit.service';
import type { CurrentUser } from '../../auth/auth.types';
import { Clock, systemEpochMs } from '../../common/clock';
import { AppError } from '../../common/errors';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { createRedis, RedisClient } from '../../redis/redis.module';
import { PLAN_IMPORT_JOB, PLAN_IMPORT_JOB_OPTIONS, PLAN_IMPORT_QUEUE, PlanImportJobData, queuePrefix } from '../../scheduling/queues';
import { ImportRefused, PlanChanges, PlanImporter } from './plan-import';
import { ImportState, PlanImportRepository } from './plan-import.repository';
import type { CellError } from './workbook-read';
import { readPlanWorkbookApart } from './workbook-files';
import { storedFileName } from '../../submissions/file-name';
import { archiveRefusal, inspectArchive, isArchiveProblem } from './xlsx-archive';

export const IMPORT_MAX_BYTES = 10 * 1024 * 1024;

export type { ImportState } from './plan-import.repository';

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
    private readonly imports: PlanImportRepository,
    private readonly importer: PlanImporter,
    private readonly agencies: AgenciesRepository,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.redis = createRedis(config.redisUrl);
    this.queue = new Queue<PlanImportJobData>(PLAN_IMPORT_QUEUE, {
      connection: this.redis,
      prefix: queuePrefix(config.redisPrefix),
      defaultJobOptions: PLAN_IMPORT_JOB_OPTIONS,
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
    // A .docx or any other zip is refused too: a workbook has the part the reader opens, under this name.
    if (!file.buffer.includes('xl/workbook.xml')) {
      throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Tệp không phải bảng tính Excel (.xlsx).', [
        { path: 'file', message: 'Tệp là tệp nén nhưng không có bảng tính bên trong (có thể là tệp Word .docx); chỉ nhận tệp .xlsx.' },
      ]);
    }
    // A zip bomb (a few MB inflating to GBs, or countless parts) is refused here, before it is stored or any reader opens it.
    const archive = await inspectArchive(file.buffer);
    if (isArchiveProblem(archive)) {
      const refusal = archiveRefusal(archive);
      throw new AppError(refusal.status, refusal.code, refusal.message, [{ path: 'file', message: refusal.field }]);
    }
    const id = await this.imports.insertUpload({
      fileName: storedFileName(file.originalname, 'ke-hoach.xlsx'),
      file: file.buffer,
      dryRun,
      createdBy: user.id,
      createdAt: this.clock.now(),
    });
    await this.queue.add(PLAN_IMPORT_JOB, { importId: id }, { jobId: id });
    return id;
  }

  /** Runs the same upload again, for real, after the administrator read the dry run. */
  async confirm(importId: string, user: CurrentUser): Promise<string> {
    // An id that is not a UUID names no import (404), rather than reaching Postgres as a bad uuid.
    const id = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(importId)
      ? await this.imports.insertConfirmation(importId, user.id, this.clock.now())
      : undefined;
    if (!id) throw AppError.notFound('Không tìm thấy lần chạy thử thành công để nhập chính thức.', 'IMPORT_NOT_FOUND');
    await this.queue.add(PLAN_IMPORT_JOB, { importId: id }, { jobId: id });
    return id;
  }

  async view(importId: string): Promise<ImportView | null> {
    if (!/^[0-9a-f-]{36}$/i.test(importId)) return null;
    const row = await this.imports.byId<ImportResult>(importId);
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
    const row = await this.imports.claim(importId);
    if (!row) return 'done';
    // An upload stored before the archive limits existed is checked again: ExcelJS never opens a bomb.
    const archive = await inspectArchive(row.file);
    if (isArchiveProblem(archive)) {
      const message = archiveRefusal(archive).field;
      const refused: ImportResult = {
        plan: null,
        dryRun: row.dry_run,
        changes: null,
        errors: [{ sheet: '', row: null, column: null, message }],
        unmatchedAgencies: [],
      };
      await this.imports.finish(importId, { state: 'refused', result: refused, planCode: null, finishedAt: this.clock.now() });
      return 'refused';
    }
    const known = await this.agencies.knownAgencies();
    const read = await readPlanWorkbookApart(row.file, known, (f) => progress(f * 0.6));
    let result: ImportResult = {
      plan: null,
      dryRun: row.dry_run,
      changes: null,
      errors: read.errors,
      unmatchedAgencies: read.unmatchedAgencies,
    };
    let state: ImportState = 'refused';
    let welcomeEmails: string[] = [];
    if (read.doc) {
      const doc = read.doc;
      const summary = { code: doc.plan.code, title: doc.plan.title, startYear: doc.plan.startYear, endYear: doc.plan.endYear };
      try {
        result = await this.dataSource.transaction(async (em) => {
          await progress(0.7);
          const { planId, changes, emailIds } = await this.importer.apply(em, doc);
          welcomeEmails = emailIds;
          const outcome: ImportResult = { plan: summary, dryRun: row.dry_run, changes, errors: [], unmatchedAgencies: [] };
          if (row.dry_run) throw new DryRunRollback(outcome);
          const actor = await this.imports.uploader(row.created_by, em);
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
        await this.importer.sendWelcomeLinks(welcomeEmails);
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
    await this.imports.finish(importId, { state, result, planCode: result.plan?.code ?? null, finishedAt: this.clock.now() });
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
    await this.imports.markFailed(importId, result, this.clock.now());
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
