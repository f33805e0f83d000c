/** The one source of the current time for domain code. */
export abstract class Clock {
  abstract now(): Date;
}

/** Real time, optionally shifted so that it started at `start` when the process started. */
export class SystemClock extends Clock {
  private readonly offsetMs: number;

  constructor(start?: Date, realNow: number = Date.now()) {
    super();
    this.offsetMs = start ? start.getTime() - realNow : 0;
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

/** A clock that moves only when told to; for tests. */
export class FixedClock extends Clock {
  constructor(private current: Date) {
    super();
  }

  now(): Date {
    return new Date(this.current.getTime());
  }

  set(instant: Date): void {
    this.current = new Date(instant.getTime());
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** Real epoch milliseconds, for infrastructure that schedules in real time (BullMQ delays); never for domain decisions. */
export function systemEpochMs(): number {
  return Date.now();
}
