import type { JobsOptions } from 'bullmq';

/** Queue names and job options in one place. */
export const CALENDAR_QUEUE = 'calendar';
export const CALENDAR_JOB = 'calendar-event';

export const CALENDAR_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 2000 },
  // Completed jobs are kept a while so a re-add with the same id stays a no-op; Postgres has the record.
  removeOnComplete: { age: 14 * 24 * 3600, count: 100000 },
  removeOnFail: { age: 60 * 24 * 3600 },
};

/** BullMQ key prefix: hash-tagged so every key of a queue lands on one Redis Cluster slot. */
export function queuePrefix(redisPrefix: string): string {
  return `{${redisPrefix}}`;
}

export interface CalendarJobData {
  eventId: string;
}
