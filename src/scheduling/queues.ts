import type { JobsOptions, WorkerOptions } from 'bullmq';

/**
 * Every BullMQ queue of the application: its name, its job's name, its job options and its
 * worker's options, in this one place. Payloads carry ids only; the handler reloads the row.
 */

/** BullMQ key prefix: hash-tagged so every key of a queue lands on one Redis Cluster slot. */
export function queuePrefix(redisPrefix: string): string {
  return `{${redisPrefix}}`;
}

/** Worker options a queue fixes; the connection and prefix are added by `QueueWorker`. */
export type QueueWorkerOptions = Omit<WorkerOptions, 'connection' | 'prefix'>;

// Calendar timers: one delayed job per calendar_events row, id derived from (period, event, rule).
export const CALENDAR_QUEUE = 'calendar';
export const CALENDAR_JOB = 'calendar-event';
export interface CalendarJobData {
  eventId: string;
}
export const CALENDAR_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 2000 },
  // Completed jobs are kept a while so a re-add with the same id stays a no-op; Postgres has the record.
  removeOnComplete: { age: 14 * 24 * 3600, count: 100000 },
  removeOnFail: { age: 60 * 24 * 3600 },
};
export const CALENDAR_WORKER_OPTIONS: QueueWorkerOptions = { concurrency: 4 };

// Email: one job per outbox row, whose id is the row's id.
export const EMAIL_QUEUE = 'email';
export const EMAIL_JOB = 'send-email';
export interface EmailJobData {
  emailId: string;
}
/** Attempts and backoff come from MAIL_ATTEMPTS and MAIL_RETRY_BASE_MS. */
export function emailJobOptions(attempts: number, retryBaseMs: number): JobsOptions {
  return {
    attempts,
    backoff: { type: 'exponential', delay: retryBaseMs },
    // Kept a while so re-adding the id of a sent email stays a no-op; Postgres has the record.
    removeOnComplete: { age: 14 * 24 * 3600, count: 200_000 },
    removeOnFail: { age: 60 * 24 * 3600 },
  };
}
/** The limiter (MAIL_RATE_PER_SECOND) is BullMQ's, shared by every worker process of the queue. */
export function emailWorkerOptions(ratePerSecond: number): QueueWorkerOptions {
  return {
    // Enough in flight to keep the transport's 5 pooled connections busy.
    concurrency: 20,
    limiter: { max: ratePerSecond, duration: 1000 },
    // A worker killed mid-send leaves its job stalled: found after its lock (15 s) expires, and
    // allowed to come back more than once.
    lockDuration: 15_000,
    stalledInterval: 15_000,
    maxStalledCount: 5,
  };
}

// Document generation: one job per generated_documents row.
export const DOCUMENTS_QUEUE = 'documents';
export const DOCUMENTS_JOB = 'generate';
export interface DocumentsJobData {
  documentId: string;
}
export const DOCUMENTS_JOB_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 7 * 24 * 3600 },
  removeOnFail: { age: 30 * 24 * 3600 },
};
export const DOCUMENTS_WORKER_OPTIONS: QueueWorkerOptions = { concurrency: 2 };

// Plan imports: one job per plan_imports row, one at a time.
export const PLAN_IMPORT_QUEUE = 'plan-import';
export const PLAN_IMPORT_JOB = 'import-plan';
export interface PlanImportJobData {
  importId: string;
}
export const PLAN_IMPORT_JOB_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 7 * 24 * 3600 },
  removeOnFail: { age: 30 * 24 * 3600 },
};
export const PLAN_IMPORT_WORKER_OPTIONS: QueueWorkerOptions = { concurrency: 1, lockDuration: 60_000 };
