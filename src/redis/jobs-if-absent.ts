import type { JobsOptions, Queue } from 'bullmq';
import type { RedisClient } from './redis.module';

export interface JobSpec<T> {
  jobId: string;
  data: T;
  delayMs?: number;
}

/**
 * Adds the jobs whose id is not in Redis yet, in batches of a thousand, and answers how many it
 * added. Adding an id that appeared meanwhile (another process) is a no-op in BullMQ, so any
 * number of processes may call this at once.
 */
export async function addJobsIfAbsent<T>(
  redis: RedisClient,
  queue: Queue<T>,
  name: string,
  options: JobsOptions,
  jobs: JobSpec<T>[],
): Promise<number> {
  let added = 0;
  for (let i = 0; i < jobs.length; i += 1000) {
    const batch = jobs.slice(i, i + 1000);
    const pipeline = redis.pipeline();
    for (const j of batch) pipeline.exists(queue.toKey(j.jobId));
    const exists = ((await pipeline.exec()) ?? []).map(([, n]: [Error | null, unknown]) => n === 1);
    const missing = batch.filter((_, k) => !exists[k]);
    if (missing.length === 0) continue;
    await queue.addBulk(
      missing.map((j) => ({ name, data: j.data, opts: { ...options, jobId: j.jobId, delay: Math.max(0, j.delayMs ?? 0) } })) as Parameters<
        Queue<T>['addBulk']
      >[0],
    );
    added += missing.length;
  }
  return added;
}
