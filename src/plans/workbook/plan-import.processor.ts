import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Job, Worker } from 'bullmq';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { createRedis, RedisClient } from '../../redis/redis.module';
import { ReconcilerService } from '../../scheduling/reconciler.service';
import { queuePrefix } from '../../scheduling/queues';
import { PLAN_IMPORT_QUEUE, PlanImportJobData, PlanImportService } from './plan-import.service';

/** Worker role only: runs plan imports one at a time, reporting progress to the job. */
@Injectable()
export class PlanImportProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('PlanImportWorker');
  private worker: Worker<PlanImportJobData> | null = null;
  private connection: RedisClient | null = null;

  constructor(
    private readonly imports: PlanImportService,
    private readonly reconciler: ReconcilerService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.connection = createRedis(this.config.redisUrl);
    this.worker = new Worker<PlanImportJobData>(PLAN_IMPORT_QUEUE, (job) => this.process(job), {
      connection: this.connection,
      prefix: queuePrefix(this.config.redisPrefix),
      concurrency: 1,
      lockDuration: 60_000,
    });
    this.worker.on('failed', (job, error) => {
      this.logger.error({ jobId: job?.id, attempts: job?.attemptsMade, err: error.message }, 'Plan import failed');
      if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) {
        void this.imports
          .markFailed(job.data.importId, 'Không nhập được do lỗi hệ thống; hãy thử lại sau hoặc báo quản trị viên.')
          .catch(() => undefined);
      }
    });
    this.worker.on('error', (error) => this.logger.error({ err: error }, 'Plan import worker error'));
  }

  private async process(job: Job<PlanImportJobData>): Promise<string> {
    const state = await this.imports.run(job.data.importId, (fraction) => job.updateProgress(Math.round(fraction * 100) / 100));
    // The new periods get their timers now rather than at the next periodic reconcile.
    if (state === 'done')
      await this.reconciler
        .reconcile()
        .catch((error: Error) => this.logger.warn({ err: error.message }, 'Reconcile after import failed; the periodic one will catch up'));
    return state;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.connection?.quit().catch(() => this.connection?.disconnect());
  }
}
