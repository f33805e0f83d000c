import { Inject, Injectable } from '@nestjs/common';
import { Job } from 'bullmq';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { QueueWorker } from '../../redis/queue-worker';
import { ReconcilerService } from '../../scheduling/reconciler.service';
import { PLAN_IMPORT_QUEUE, PLAN_IMPORT_WORKER_OPTIONS, PlanImportJobData } from '../../scheduling/queues';
import { PlanImportService } from './plan-import.service';

/** Worker role only: runs plan imports one at a time, reporting progress to the job. */
@Injectable()
export class PlanImportProcessor extends QueueWorker<PlanImportJobData> {
  constructor(
    private readonly imports: PlanImportService,
    private readonly reconciler: ReconcilerService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super(PLAN_IMPORT_QUEUE, PLAN_IMPORT_WORKER_OPTIONS, config, 'PlanImportWorker');
  }

  protected async process(job: Job<PlanImportJobData>): Promise<string> {
    const state = await this.imports.run(job.data.importId, (fraction) => job.updateProgress(Math.round(fraction * 100) / 100));
    // The new periods get their timers now rather than at the next periodic reconcile.
    if (state === 'done')
      await this.reconciler
        .reconcile()
        .catch((error: Error) => this.logger.warn({ err: error.message }, 'Reconcile after import failed; the periodic one will catch up'));
    return state;
  }

  protected override onFailed(job: Job<PlanImportJobData> | undefined, error: Error, final: boolean): void {
    this.logger.error({ jobId: job?.id, attempts: job?.attemptsMade, err: error.message }, 'Plan import failed');
    if (job && final) {
      void this.imports
        .markFailed(job.data.importId, 'Không nhập được do lỗi hệ thống; hãy thử lại sau hoặc báo quản trị viên.')
        .catch(() => undefined);
    }
  }
}
