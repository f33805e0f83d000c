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
  /** The kind's report form: a document kind's period is received, not consolidated (absent: tasks). */
  form?: 'tasks' | 'document';
}

/** A period as a calendar event sees it under its lock: its instants, state and reminder rules. */
export interface PeriodForEventRow {
  opens_at: Date;
  due_at: Date;
  consolidation_due_at: Date | null;
  state: DerivedPeriodState;
  label: string;
  reminder_rules: ReminderRule[];
  /** The kind's report form (absent: tasks). */
  form?: 'tasks' | 'document';
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
      `SELECT p.id, p.plan_id, p.label, p.locked_at, p.consolidation_due_at, k.form
       FROM reporting_periods p JOIN report_kinds k ON k.id = p.report_kind_id WHERE p.id = $1 FOR NO KEY UPDATE OF p`,
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
      `SELECT p.opens_at, p.due_at, p.consolidation_due_at, p.state, p.label, k.reminder_rules, k.form
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

  /**
   * Closes a document kind's period once every agency that owes it has sent its letter (submitted
   * or accepted): it is received, nothing is consolidated, nobody is reminded. Answers whether it
   * closed now.
   */
  async closeWhenAllReceived(periodId: string, at: Date, em?: EntityManager): Promise<boolean> {
    const { affected } = await this.change(
      `UPDATE reporting_periods p SET state = 'closed', state_changed_at = $2
       FROM report_kinds k
       WHERE p.id = $1 AND k.id = p.report_kind_id AND k.form = 'document' AND p.state <> 'closed'
         AND EXISTS (SELECT 1 FROM owing_agencies(p.id))
         AND NOT EXISTS (SELECT 1 FROM owing_agencies(p.id) o WHERE NOT EXISTS (
           SELECT 1 FROM agency_reports r WHERE r.period_id = p.id AND r.agency_id = o.agency_id AND r.state IN ('submitted', 'accepted')))`,
      [periodId, at],
      em,
    );
    return affected > 0;
  }

  /** A document kind's period closed as received opens again when a letter is returned: open before its deadline, due after. */
  async reopenReceived(periodId: string, at: Date, em?: EntityManager): Promise<void> {
    await this.change(
      `UPDATE reporting_periods p SET state = CASE WHEN $2 < p.due_at THEN 'open' ELSE 'due' END, state_changed_at = $2
       FROM report_kinds k WHERE p.id = $1 AND k.id = p.report_kind_id AND k.form = 'document' AND p.state = 'closed'`,
      [periodId, at],
      em,
    );
  }

  /** Records the period's new state and when it changed. */
  async setState(periodId: string, state: DerivedPeriodState, at: Date, em?: EntityManager): Promise<void> {
    await this.change('UPDATE reporting_periods SET state = $2, state_changed_at = $3 WHERE id = $1', [periodId, state, at], em);
  }
}
