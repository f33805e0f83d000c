import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SqlRepository } from '../database/sql-repository';

/** A count per state. */
export interface StateCount {
  state: string;
  n: number;
}

/** Reports submitted at least once in one period. */
export interface SubmittedCount {
  plan: string;
  period: string;
  kind: string;
  year: number;
  n: number;
}

/**
 * What the health check and the metrics read from Postgres. Health owns no table: these are
 * read-only counts over other modules' tables (emails, reminders, reporting_periods, plans,
 * report_kinds, agency_reports).
 */
@Injectable()
export class HealthRepository extends SqlRepository {
  constructor(dataSource: DataSource) {
    super(dataSource);
  }

  /** One round trip to the database. */
  async ping(em?: EntityManager): Promise<void> {
    await this.db(em).query('SELECT 1');
  }

  /** Outbox emails by state. */
  emailsByState(em?: EntityManager): Promise<StateCount[]> {
    return this.rows<StateCount>('SELECT state, count(*)::int AS n FROM emails GROUP BY state', [], em);
  }

  /** Reminders by state. */
  remindersByState(em?: EntityManager): Promise<StateCount[]> {
    return this.rows<StateCount>('SELECT state, count(*)::int AS n FROM reminders GROUP BY state', [], em);
  }

  /** Emails that may have been delivered twice after a worker crash. */
  async possiblyDuplicateEmails(em?: EntityManager): Promise<number> {
    const row = await this.first<{ n: number }>('SELECT count(*)::int AS n FROM emails WHERE possibly_duplicate', [], em);
    return row?.n ?? 0;
  }

  /** Agency reports submitted at least once, per period open by tomorrow and not closed over 400 days before `now`. */
  submittedPerRecentPeriod(now: Date, em?: EntityManager): Promise<SubmittedCount[]> {
    return this.rows<SubmittedCount>(
      `SELECT pl.code AS plan, p.label AS period, k.code AS kind, p.year, count(r.id) FILTER (WHERE r.first_submitted_at IS NOT NULL)::int AS n
       FROM reporting_periods p JOIN plans pl ON pl.id = p.plan_id JOIN report_kinds k ON k.id = p.report_kind_id
       LEFT JOIN agency_reports r ON r.period_id = p.id
       WHERE p.opens_at <= $1::timestamptz + interval '1 day' AND coalesce(p.consolidation_due_at, p.due_at) > $1::timestamptz - interval '400 days'
       GROUP BY pl.code, p.label, k.code, p.year`,
      [now],
      em,
    );
  }
}
