import type { DataWindowRule } from '../reporting/regime.types';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SqlRepository } from '../database/sql-repository';
import type { Comparator } from '../plans/indicator-target.entity';

/**
 * The roll-up's reads: a handful of set-based queries over indexed tables, never one per agency.
 * They read the reports (submissions), the plan (plans), the agencies and the period (reporting)
 * and write nothing but a temporary table of this transaction. Figures come from the reports that
 * stand sent (submitted or accepted); money is summed in SQL and travels as decimal strings.
 */

const SENT = `('submitted', 'accepted')`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The period's per-task aggregates (statuses, percent, capital) of the lead entries of its sent
 * reports (`$1`), read from `period_task_totals`, which the reports' own writes keep per
 * (task, status), in a few rows each (migration PeriodTaskTotals): no scan of the entries. A sum
 * over no value is NULL, as sum() over the entries would give.
 */
const PER_TASK = `
    by_status AS (
      SELECT task_id, nullif(status_key, '') AS status, n, pct_sum, pct_n,
             CASE WHEN alloc_n > 0 THEN alloc END AS alloc, CASE WHEN alloc_state_n > 0 THEN alloc_state END AS alloc_state,
             CASE WHEN disb_n > 0 THEN disb END AS disb, CASE WHEN disb_state_n > 0 THEN disb_state END AS disb_state
      FROM period_task_totals WHERE period_id = $1 AND n <> 0
    ),
    agg AS (
      SELECT task_id,
             sum(n) AS lead_entries,
             coalesce(sum(n) FILTER (WHERE status IS NOT NULL), 0) AS reported,
             coalesce(sum(n) FILTER (WHERE status = 'not_started'), 0) AS not_started,
             coalesce(sum(n) FILTER (WHERE status = 'on_track'), 0) AS on_track,
             coalesce(sum(n) FILTER (WHERE status = 'behind_schedule'), 0) AS behind_schedule,
             coalesce(sum(n) FILTER (WHERE status = 'completed'), 0) AS completed,
             coalesce(sum(n) FILTER (WHERE status = 'suspended'), 0) AS suspended,
             round(sum(pct_sum) / nullif(sum(pct_n), 0), 1) AS avg_percent,
             sum(alloc) AS alloc, sum(alloc_state) AS alloc_state, sum(disb) AS disb, sum(disb_state) AS disb_state
      FROM by_status GROUP BY task_id
    )`;

/** The period with its plan and the agencies named in the document's heading. */
export interface RollupPeriodRow {
  id: string;
  label: string;
  year: number;
  due_at: Date;
  consolidation_due_at: Date | null;
  data_from: string | null;
  data_to: string | null;
  /** The period's kind: its frequency and the data window it sets (null: the frequency's default). */
  frequency: string;
  data_window: DataWindowRule | null;
  report_kind_id: string;
  plan_id: string;
  code: string;
  title: string;
  issuing_body: string;
  coordinating: string;
  recipient: string | null;
}

/** A section's capital (need, in the period, cumulative); the plan's total row has a null code and title. */
export interface CapitalRow {
  code: string | null;
  title: string | null;
  /** Null for a section without the figure; the total row's is never null. */
  need_total: string | null;
  need_state: string | null;
  need_non_state: string | null;
  alloc: string;
  alloc_state: string;
  disb: string;
  disb_state: string;
  alloc_cum: string;
  alloc_state_cum: string;
  disb_cum: string;
  disb_state_cum: string;
}

/** The need of the capital phase a year falls in: one row per section stating it, and the total row (`is_total`). */
export interface PhaseNeedRow {
  start_year: number;
  end_year: number;
  code: string | null;
  is_total: boolean;
  total: string | null;
  state_budget: string | null;
  non_state_budget: string | null;
}

export interface TaskRow {
  code: string;
  title: string;
  section_code: string | null;
  section_title: string | null;
  lead_agencies: number;
  reported: number;
  avg_percent: string | null;
  status_counts: Record<string, number>;
  /** Null where the task has more lead entries than listed one by one. */
  leads: { agencyCode: string; agencyName: string; status: string | null; percent: number | null; workDone: string | null }[] | null;
  contributions: { agencyCode: string; agencyName: string; workDone: string }[] | null;
  milestones: { title: string; due: string | null; year: number | null; kind: string | null }[];
}

export interface IndicatorRow {
  code: string;
  name: string;
  unit: string;
  aggregation: string;
  value: string | null;
  reported_by: number;
  /** The indicator's owners that owe the period's report: the agencies asked. */
  asked: number;
  target_year: string | null;
  target_final: string | null;
  /** The same targets in full: comparator, value and a range's upper bound. */
  year_target: { comparator: Comparator; value: string; valueTo: string | null } | null;
  final_target: { comparator: Comparator; value: string; valueTo: string | null } | null;
}

/** Lead entries of the sent reports by status, and the tasks with at least one behind schedule. */
export interface LeadStatusTotalsRow {
  not_started: number;
  on_track: number;
  behind_schedule: number;
  completed: number;
  suspended: number;
  tasks_behind: number;
}

/** A quoted text of a sent report or an ad hoc report: a difficulty, a proposal, a next step or an assessment. */
export interface QuotedTextRow {
  what: 'difficulty' | 'proposal' | 'next' | 'assessment';
  kind: string | null;
  level: string | null;
  code: string;
  name: string;
  task_code: string | null;
  text: string;
  source: 'report' | 'adhoc';
}

@Injectable()
export class RollupRepository extends SqlRepository {
  constructor(dataSource: DataSource) {
    super(dataSource);
  }

  period(periodId: string, em?: EntityManager): Promise<RollupPeriodRow | undefined> {
    return this.first<RollupPeriodRow>(
      `SELECT p.id, p.label, p.year, p.due_at, p.consolidation_due_at, to_char(p.data_from, 'YYYY-MM-DD') AS data_from, to_char(p.data_to, 'YYYY-MM-DD') AS data_to,
              p.report_kind_id, k.frequency, k.data_window,
              pl.id AS plan_id, pl.code, pl.title, pl.issuing_body, ca.name AS coordinating, ra.name AS recipient
       FROM reporting_periods p JOIN report_kinds k ON k.id = p.report_kind_id JOIN plans pl ON pl.id = p.plan_id JOIN agencies ca ON ca.id = pl.coordinating_agency_id
       LEFT JOIN agencies ra ON ra.id = pl.recipient_agency_id WHERE p.id = $1`,
      [periodId],
      em,
    );
  }

  /**
   * Materialises the per-task aggregates once for this transaction (`pg_temp.rollup_agg`, dropped
   * at commit): the capital and task queries both read them. Needs the caller's transaction.
   */
  async materialiseTaskAggregates(periodId: string, em: EntityManager): Promise<void> {
    // A utility statement takes no bind parameters: the id goes in as a literal, checked to be a UUID.
    if (!UUID.test(periodId)) throw new Error(`not a period id: ${periodId}`);
    // Without parameters the four statements travel as one simple query: one round trip.
    await em.query(
      [
        'DROP TABLE IF EXISTS pg_temp.rollup_agg',
        `CREATE TEMP TABLE rollup_agg ON COMMIT DROP AS WITH ${PER_TASK.trim().replace(/\$1/g, `'${periodId}'::uuid`)} SELECT * FROM agg`,
        'CREATE INDEX ON pg_temp.rollup_agg (task_id)',
        'ANALYZE pg_temp.rollup_agg',
      ].join(';\n'),
    );
  }

  /**
   * The lead entries of the period's sent reports by status, summed over the materialised
   * aggregates (`materialiseTaskAggregates` first), and how many tasks have one behind schedule.
   */
  async leadStatusTotals(em: EntityManager): Promise<LeadStatusTotalsRow> {
    const row = await this.first<LeadStatusTotalsRow>(
      `SELECT coalesce(sum(not_started), 0)::int AS not_started, coalesce(sum(on_track), 0)::int AS on_track,
              coalesce(sum(behind_schedule), 0)::int AS behind_schedule, coalesce(sum(completed), 0)::int AS completed,
              coalesce(sum(suspended), 0)::int AS suspended, (count(*) FILTER (WHERE behind_schedule > 0))::int AS tasks_behind
       FROM pg_temp.rollup_agg`,
      [],
      em,
    );
    return row!;
  }

  /**
   * Capital per section of the plan (its need, in the period from the materialised aggregates, and
   * cumulated over the earlier periods of the same kind), with the plan's total last (the ROLLUP
   * row). Sections come by position then code, as `plan_task_order` orders them.
   */
  capitalBySection(periodId: string, planId: string, reportKindId: string, em: EntityManager): Promise<CapitalRow[]> {
    return this.rows<CapitalRow>(
      `WITH agg AS (SELECT * FROM pg_temp.rollup_agg),
       earlier AS (
         SELECT t.section_id, sum(e.capital_allocated) AS alloc, sum(e.capital_allocated_state_budget) AS alloc_state,
                sum(e.capital_disbursed) AS disb, sum(e.capital_disbursed_state_budget) AS disb_state
         FROM reporting_periods rp JOIN agency_reports r ON r.period_id = rp.id JOIN report_task_entries e ON e.report_id = r.id JOIN tasks t ON t.id = e.task_id
         WHERE rp.report_kind_id = $3 AND rp.due_at < (SELECT due_at FROM reporting_periods WHERE id = $1) AND r.state IN ${SENT} AND e.role = 'lead'
         GROUP BY t.section_id
       ),
       cur AS (SELECT t.section_id, sum(agg.alloc) AS alloc, sum(agg.alloc_state) AS alloc_state, sum(agg.disb) AS disb, sum(agg.disb_state) AS disb_state
               FROM agg JOIN tasks t ON t.id = agg.task_id GROUP BY t.section_id),
       sec AS (SELECT s.id, s.code, s.title, s.position, s.capital_total, s.capital_state_budget, s.capital_non_state_budget FROM plan_sections s WHERE s.plan_id = $2)
       SELECT sec.code, sec.title,
              -- One row per section: its need; on the total row, the plan's (the sum over its sections).
              trim_scale(CASE WHEN GROUPING(sec.code) = 1 THEN coalesce(sum(sec.capital_total), 0) ELSE sum(sec.capital_total) END)::text AS need_total,
              trim_scale(CASE WHEN GROUPING(sec.code) = 1 THEN coalesce(sum(sec.capital_state_budget), 0) ELSE sum(sec.capital_state_budget) END)::text AS need_state,
              trim_scale(CASE WHEN GROUPING(sec.code) = 1 THEN coalesce(sum(sec.capital_non_state_budget), 0) ELSE sum(sec.capital_non_state_budget) END)::text AS need_non_state,
              trim_scale(coalesce(sum(cur.alloc), 0))::text AS alloc, trim_scale(coalesce(sum(cur.alloc_state), 0))::text AS alloc_state,
              trim_scale(coalesce(sum(cur.disb), 0))::text AS disb, trim_scale(coalesce(sum(cur.disb_state), 0))::text AS disb_state,
              trim_scale(coalesce(sum(cur.alloc), 0) + coalesce(sum(earlier.alloc), 0))::text AS alloc_cum,
              trim_scale(coalesce(sum(cur.alloc_state), 0) + coalesce(sum(earlier.alloc_state), 0))::text AS alloc_state_cum,
              trim_scale(coalesce(sum(cur.disb), 0) + coalesce(sum(earlier.disb), 0))::text AS disb_cum,
              trim_scale(coalesce(sum(cur.disb_state), 0) + coalesce(sum(earlier.disb_state), 0))::text AS disb_state_cum
       FROM sec LEFT JOIN cur ON cur.section_id = sec.id LEFT JOIN earlier ON earlier.section_id = sec.id
       GROUP BY ROLLUP ((sec.code, sec.title, sec.position, sec.capital_total, sec.capital_state_budget, sec.capital_non_state_budget))
       ORDER BY GROUPING(sec.code), sec.position, sec.code`,
      [periodId, planId, reportKindId],
      em,
    );
  }

  /**
   * The plan's capital phase that `year` falls in, with each section's need in it and their sum
   * (the ROLLUP row); no rows when the plan has no such phase.
   */
  phaseNeedOfYear(planId: string, year: number, em: EntityManager): Promise<PhaseNeedRow[]> {
    return this.rows<PhaseNeedRow>(
      `SELECT ph.start_year, ph.end_year, s.code, GROUPING(s.code) = 1 AS is_total,
              trim_scale(sum(c.total))::text AS total, trim_scale(sum(c.state_budget))::text AS state_budget,
              trim_scale(sum(c.non_state_budget))::text AS non_state_budget
       FROM plan_capital_phases ph
       LEFT JOIN (plan_phase_capital c JOIN plan_sections s ON s.id = c.section_id) ON c.phase_id = ph.id
       WHERE ph.plan_id = $1 AND $2 BETWEEN ph.start_year AND ph.end_year
       GROUP BY ph.start_year, ph.end_year, ROLLUP (s.code)`,
      [planId, year],
      em,
    );
  }

  /**
   * The plan's tasks (not groups) in plan order with their aggregates; each lead agency's own line
   * and the cooperating agencies' contributions only where a task has at most `listedMax` of them
   * (a national task led by 4,000 communes is summarised, not listed). The number of lead
   * agencies is the task's own count, kept with its assignments (migration TaskLeadCounts).
   */
  taskLines(periodId: string, planId: string, listedMax: number, em: EntityManager): Promise<TaskRow[]> {
    return this.rows<TaskRow>(
      `WITH sent AS (SELECT r.id FROM agency_reports r WHERE r.period_id = $1 AND r.state IN ${SENT}),
       agg AS (SELECT * FROM pg_temp.rollup_agg)
       SELECT t.code, t.title, s.code AS section_code, s.title AS section_title, t.lead_agencies,
              coalesce(agg.reported, 0)::int AS reported, agg.avg_percent::text AS avg_percent,
              json_build_object('not_started', coalesce(agg.not_started, 0), 'on_track', coalesce(agg.on_track, 0), 'behind_schedule', coalesce(agg.behind_schedule, 0),
                                'completed', coalesce(agg.completed, 0), 'suspended', coalesce(agg.suspended, 0)) AS status_counts,
              CASE WHEN coalesce(agg.lead_entries, 0) <= $3 THEN coalesce((
                SELECT json_agg(json_build_object('agencyCode', a.code, 'agencyName', a.name, 'status', e.status, 'percent', e.percent_complete, 'workDone', e.work_done) ORDER BY a.code)
                FROM report_task_entries e JOIN sent ON sent.id = e.report_id JOIN agency_reports r ON r.id = e.report_id JOIN agencies a ON a.id = r.agency_id
                WHERE e.task_id = t.id AND e.role = 'lead'), '[]') END AS leads,
              CASE WHEN t.lead_agencies <= $3 THEN coalesce((
                SELECT json_agg(json_build_object('agencyCode', a.code, 'agencyName', a.name, 'workDone', e.work_done) ORDER BY a.code)
                FROM report_task_entries e JOIN sent ON sent.id = e.report_id JOIN agency_reports r ON r.id = e.report_id JOIN agencies a ON a.id = r.agency_id
                WHERE e.task_id = t.id AND e.role = 'cooperating' AND e.work_done IS NOT NULL), '[]') END AS contributions,
              coalesce((SELECT json_agg(json_build_object('title', m.title, 'due', to_char(m.timeline_date, 'YYYY-MM-DD'), 'year', m.timeline_year, 'kind', m.timeline_kind) ORDER BY m.position)
                        FROM task_milestones m WHERE m.task_id = t.id), '[]') AS milestones
       FROM tasks t JOIN plan_task_order($2) o ON o.task_id = t.id LEFT JOIN plan_sections s ON s.id = t.section_id
       LEFT JOIN agg ON agg.task_id = t.id
       WHERE t.plan_id = $2 AND t.kind <> 'group'
       ORDER BY o.sort_path`,
      [periodId, planId, listedMax],
      em,
    );
  }

  /** The plan's indicators with their value by the indicator's aggregation rule over the sent reports, and their targets. */
  indicatorValues(periodId: string, planId: string, year: number, em?: EntityManager): Promise<IndicatorRow[]> {
    return this.rows<IndicatorRow>(
      `WITH v AS (
         SELECT rv.indicator_id, rv.value, r.submitted_at FROM report_indicator_values rv JOIN agency_reports r ON r.id = rv.report_id
         WHERE r.period_id = $1 AND r.state IN ${SENT} AND rv.value IS NOT NULL
       ),
       asked AS (
         SELECT o.indicator_id, count(*)::int AS n FROM indicator_owners o JOIN indicators x ON x.id = o.indicator_id AND x.plan_id = $2
         WHERE o.agency_id IN (SELECT agency_id FROM owing_agencies($1)) GROUP BY o.indicator_id
       )
       SELECT i.code, i.name, i.unit, i.aggregation,
              trim_scale(CASE i.aggregation
                WHEN 'sum' THEN (SELECT sum(v.value) FROM v WHERE v.indicator_id = i.id)
                -- Each agency answered for itself, 1 (Có) or 0 (Không): the figure counts the yes.
                WHEN 'count_yes' THEN (SELECT count(*) FILTER (WHERE v.value = 1) FROM v WHERE v.indicator_id = i.id HAVING count(*) > 0)
                WHEN 'average' THEN (SELECT round(avg(v.value), 3) FROM v WHERE v.indicator_id = i.id)
                -- 'single' (its one responsible agency) and 'latest': the value sent last.
                ELSE (SELECT v.value FROM v WHERE v.indicator_id = i.id ORDER BY v.submitted_at DESC LIMIT 1) END)::text AS value,
              (SELECT count(*)::int FROM v WHERE v.indicator_id = i.id) AS reported_by,
              coalesce((SELECT n FROM asked WHERE asked.indicator_id = i.id), 0) AS asked,
              (SELECT trim_scale(x.value)::text FROM indicator_targets x WHERE x.indicator_id = i.id AND x.year = $3) AS target_year,
              (SELECT trim_scale(x.value)::text FROM indicator_targets x WHERE x.indicator_id = i.id ORDER BY x.year DESC LIMIT 1) AS target_final,
              (SELECT json_build_object('comparator', x.comparator, 'value', trim_scale(x.value)::text, 'valueTo', trim_scale(x.value_to)::text)
               FROM indicator_targets x WHERE x.indicator_id = i.id AND x.year = $3) AS year_target,
              (SELECT json_build_object('comparator', x.comparator, 'value', trim_scale(x.value)::text, 'valueTo', trim_scale(x.value_to)::text)
               FROM indicator_targets x WHERE x.indicator_id = i.id ORDER BY x.year DESC LIMIT 1) AS final_target
       FROM indicators i WHERE i.plan_id = $2 ORDER BY i.position, i.code`,
      [periodId, planId, year],
      em,
    );
  }

  /** Difficulties, proposals, next steps and assessments from the sent reports and the period's ad hoc reports. */
  quotedTexts(periodId: string, em?: EntityManager): Promise<QuotedTextRow[]> {
    return this.rows<QuotedTextRow>(
      `WITH sent AS (SELECT r.* FROM agency_reports r WHERE r.period_id = $1 AND r.state IN ${SENT}),
       quoted AS (
         -- The partial index ix_report_task_entries_texts: only entries with something to quote.
         SELECT e.*, a.code, a.name, t.code AS task_code FROM report_task_entries e JOIN sent ON sent.id = e.report_id
         JOIN agencies a ON a.id = sent.agency_id JOIN tasks t ON t.id = e.task_id
         WHERE e.difficulties IS NOT NULL OR e.proposals IS NOT NULL OR e.next_steps IS NOT NULL
       )
       SELECT 'difficulty' AS what, coalesce(q.difficulty_kind, 'other') AS kind, q.resolving_level AS level, q.code, q.name, q.task_code, q.difficulties AS text, 'report' AS source
       FROM quoted q WHERE q.difficulties IS NOT NULL
       UNION ALL
       SELECT 'proposal', NULL, NULL, q.code, q.name, q.task_code, q.proposals, 'report' FROM quoted q WHERE q.proposals IS NOT NULL
       UNION ALL
       SELECT 'next', NULL, NULL, q.code, q.name, q.task_code, q.next_steps, 'report' FROM quoted q WHERE q.next_steps IS NOT NULL
       UNION ALL
       SELECT 'difficulty', 'other', NULL, a.code, a.name, NULL, sent.summary_difficulties, 'report'
       FROM sent JOIN agencies a ON a.id = sent.agency_id WHERE coalesce(trim(sent.summary_difficulties), '') <> ''
       UNION ALL
       SELECT 'proposal', NULL, NULL, a.code, a.name, NULL, sent.summary_proposals, 'report'
       FROM sent JOIN agencies a ON a.id = sent.agency_id WHERE coalesce(trim(sent.summary_proposals), '') <> ''
       UNION ALL
       SELECT 'assessment', NULL, NULL, a.code, a.name, NULL, sent.summary_assessment, 'report'
       FROM sent JOIN agencies a ON a.id = sent.agency_id WHERE coalesce(trim(sent.summary_assessment), '') <> ''
       UNION ALL
       SELECT 'difficulty', h.difficulty_kind, h.resolving_level, a.code, a.name, t.code, h.subject || ': ' || h.body, 'adhoc'
       FROM adhoc_reports h JOIN agencies a ON a.id = h.agency_id LEFT JOIN tasks t ON t.id = h.task_id
       JOIN reporting_periods p ON p.id = $1
       -- Ad hoc reports raised from the start of the data window until the consolidation deadline.
       WHERE h.plan_id = p.plan_id AND h.created_at >= coalesce(p.data_from::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh', p.opens_at)
         AND h.created_at < coalesce(p.consolidation_due_at, p.due_at)`,
      [periodId],
      em,
    );
  }
}
