import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SqlRepository } from '../database/sql-repository';
import type { DerivedPeriodState } from './calendar';
import type { ReminderRule } from './regime.types';

/** A period as the consolidation sees it under its lock. */
export interface PeriodLockRow {
  id: string;
  plan_id: string;
  label: string;
  locked_at: Date | null;
  consolidation_due_at: Date | null;
}

/** A period as a calendar event sees it under its lock: its instants, state and reminder rules. */
export interface PeriodForEventRow {
  opens_at: Date;
  due_at: Date;
  consolidation_due_at: Date | null;
  state: DerivedPeriodState;
  label: string;
  reminder_rules: ReminderRule[];
}

/**
 * The state of a reporting period that other modules move: the consolidation locks it when its
 * report is final, calendar events move it forward (upcoming → open → due → closed). The row locks
 * they take on `reporting_periods` are here too, so every writer of the table is in this module.
 */
@Injectable()
export class PeriodStateRepository extends SqlRepository {
  constructor(dataSource: DataSource) {
    super(dataSource);
  }

  /**
   * The period, locked (NO KEY UPDATE) while a consolidation is built or finalised, so two of them
   * and a calendar event of the period run one after another.
   */
  lockForConsolidation(periodId: string, em?: EntityManager): Promise<PeriodLockRow | undefined> {
    return this.first<PeriodLockRow>(
      'SELECT id, plan_id, label, locked_at, consolidation_due_at FROM reporting_periods WHERE id = $1 FOR NO KEY UPDATE',
      [periodId],
      em,
    );
  }

  /**
   * The period and its kind's reminder rules, locked for a calendar event. NO KEY UPDATE, not
   * UPDATE: it still serialises the events of one period, but does not wait for the KEY SHARE that
   * any insert referencing the period takes (the reconciler adding a timer, later a report), which
   * deadlocked against the event's own row lock.
   */
  lockForEvent(periodId: string, em?: EntityManager): Promise<PeriodForEventRow | undefined> {
    return this.first<PeriodForEventRow>(
      `SELECT p.opens_at, p.due_at, p.consolidation_due_at, p.state, p.label, k.reminder_rules
       FROM reporting_periods p JOIN report_kinds k ON k.id = p.report_kind_id WHERE p.id = $1 FOR NO KEY UPDATE OF p`,
      [periodId],
      em,
    );
  }

  /** When the period was locked (its consolidated report sent), or null; undefined for no such period. */
  async lockedAt(periodId: string, em?: EntityManager): Promise<Date | null | undefined> {
    const row = await this.first<{ locked_at: Date | null }>('SELECT locked_at FROM reporting_periods WHERE id = $1', [periodId], em);
    return row?.locked_at;
  }

  /** Locks the period (its consolidated report was sent); a period locked already keeps its instant. */
  async lock(periodId: string, at: Date, em?: EntityManager): Promise<void> {
    await this.change('UPDATE reporting_periods SET locked_at = $2 WHERE id = $1 AND locked_at IS NULL', [periodId, at], em);
  }

  /** Records the period's new state and when it changed. */
  async setState(periodId: string, state: DerivedPeriodState, at: Date, em?: EntityManager): Promise<void> {
    await this.change('UPDATE reporting_periods SET state = $2, state_changed_at = $3 WHERE id = $1', [periodId, state, at], em);
  }
}
