import { EntityManager } from 'typeorm';
import { toZonedIso } from '../common/time-zone';
import { loadPeriodStatus } from '../submissions/period-status.service';

/**
 * The roll-up of a period: a handful of set-based queries over indexed tables, never one per
 * agency. Figures come from the reports that stand sent (submitted or accepted); money is summed
 * in SQL and travels as decimal strings (tỷ đồng).
 */

export interface AgencyLine {
  code: string;
  name: string;
  kind: string;
  state: 'missing' | 'submitted' | 'returned' | 'accepted';
  onTime: boolean | null;
  submittedAt: string | null;
}

export interface Money {
  total: string;
  stateBudget: string;
}

export interface CapitalLine {
  need: { total: string; stateBudget: string; nonStateBudget: string };
  allocated: Money;
  disbursed: Money;
  allocatedCumulative: Money;
  disbursedCumulative: Money;
  /** disbursed ÷ allocated in the period, percent with one decimal; null when nothing allocated. */
  disbursementRate: string | null;
}

export interface TaskLine {
  code: string;
  title: string;
  sectionCode: string | null;
  /** One line per lead agency that reported on it. */
  leads: { agencyCode: string; agencyName: string; status: string | null; percent: number | null; workDone: string | null }[];
  leadAgencies: number;
  reported: number;
  statusCounts: Record<string, number>;
  averagePercent: string | null;
  milestones: { title: string; due: string | null; met: boolean | null }[];
  contributions: { agencyCode: string; agencyName: string; workDone: string }[];
  behind: boolean;
  behindReason: string | null;
}

export interface IndicatorLine {
  code: string;
  name: string;
  unit: string;
  aggregation: string;
  value: string | null;
  reportedBy: number;
  targetYear: string | null;
  target2030: string | null;
}

export interface DifficultyGroup {
  kind: string;
  level: string | null;
  count: number;
  agencies: string[];
  items: { agencyCode: string; agencyName: string; taskCode: string | null; text: string; source: 'report' | 'adhoc' }[];
}

export interface Rollup {
  period: {
    id: string;
    label: string;
    year: number;
    dueAt: string;
    consolidationDueAt: string | null;
    dataFrom: string | null;
    dataTo: string | null;
  };
  plan: { code: string; title: string; issuingBody: string; coordinatingAgency: string; recipientAgency: string | null };
  completeness: {
    expected: number;
    submitted: number;
    onTime: number;
    late: number;
    missing: number;
    returned: number;
    accepted: number;
    agencies: AgencyLine[];
  };
  capital: CapitalLine & { sections: (CapitalLine & { code: string; title: string })[] };
  sections: { code: string; title: string; tasks: TaskLine[] }[];
  indicators: IndicatorLine[];
  difficulties: DifficultyGroup[];
  proposals: { agencyCode: string; agencyName: string; taskCode: string | null; text: string }[];
  nextSteps: { agencyCode: string; agencyName: string; taskCode: string; text: string }[];
  assessments: { agencyCode: string; agencyName: string; text: string }[];
  behind: { code: string; title: string; reason: string }[];
}

const SENT = `('submitted', 'accepted')`;
/** Tasks with more lead (or cooperating) agencies than this are summarised, not listed agency by agency. */
const LISTED_AGENCIES_MAX = 100;

export async function computeRollup(em: EntityManager, periodId: string): Promise<Rollup> {
  const [p] = (await em.query(
    `SELECT p.id, p.label, p.year, p.due_at, p.consolidation_due_at, to_char(p.data_from, 'YYYY-MM-DD') AS data_from, to_char(p.data_to, 'YYYY-MM-DD') AS data_to,
            p.report_kind_id, pl.id AS plan_id, pl.code, pl.title, pl.issuing_body, ca.name AS coordinating, ra.name AS recipient
     FROM reporting_periods p JOIN plans pl ON pl.id = p.plan_id JOIN agencies ca ON ca.id = pl.coordinating_agency_id
     LEFT JOIN agencies ra ON ra.id = pl.recipient_agency_id WHERE p.id = $1`,
    [periodId],
  )) as Record<string, any>[];

  const status = await loadPeriodStatus(em, periodId);
  const agencies: AgencyLine[] = status.agencies.map((a) => ({
    code: a.agencyCode,
    name: a.agencyName,
    kind: a.agencyKind,
    state: a.state,
    onTime: a.onTime,
    submittedAt: a.submittedAt,
  }));

  // One pass over the period's lead entries of sent reports, aggregated per task (statuses,
  // percent, capital); sections and the plan total are rolled up from those rows in SQL.
  const perTask = `
    sent AS (SELECT r.id FROM agency_reports r WHERE r.period_id = $1 AND r.state IN ${SENT}),
    -- Grouped by (task, status) first, as the bare GROUP BY would, then folded per task over a few rows.
    by_status AS (
      SELECT e.task_id, e.status, count(*) AS n, sum(e.percent_complete) AS pct_sum, count(e.percent_complete) AS pct_n,
             sum(e.capital_allocated) AS alloc, sum(e.capital_allocated_state_budget) AS alloc_state,
             sum(e.capital_disbursed) AS disb, sum(e.capital_disbursed_state_budget) AS disb_state
      FROM report_task_entries e JOIN sent ON sent.id = e.report_id WHERE e.role = 'lead' GROUP BY e.task_id, e.status
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
  // Materialised once for this transaction: the capital and task queries below both read it.
  await em.query('DROP TABLE IF EXISTS pg_temp.rollup_agg');
  // A utility statement takes no bind parameters: the id goes in as a literal, checked to be a UUID.
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(periodId)) throw new Error(`not a period id: ${periodId}`);
  await em.query(
    `CREATE TEMP TABLE rollup_agg ON COMMIT DROP AS WITH ${perTask.trim().replace(/\$1/g, `'${periodId}'::uuid`)} SELECT * FROM agg`,
  );
  await em.query('CREATE INDEX ON pg_temp.rollup_agg (task_id)');
  await em.query('ANALYZE pg_temp.rollup_agg');
  const capitalRows = (await em.query(
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
     SELECT sec.code, sec.title, trim_scale(sec.capital_total)::text AS need_total, trim_scale(sec.capital_state_budget)::text AS need_state,
            trim_scale(sec.capital_non_state_budget)::text AS need_non_state,
            trim_scale(coalesce(sum(cur.alloc), 0))::text AS alloc, trim_scale(coalesce(sum(cur.alloc_state), 0))::text AS alloc_state,
            trim_scale(coalesce(sum(cur.disb), 0))::text AS disb, trim_scale(coalesce(sum(cur.disb_state), 0))::text AS disb_state,
            trim_scale(coalesce(sum(cur.alloc), 0) + coalesce(sum(earlier.alloc), 0))::text AS alloc_cum,
            trim_scale(coalesce(sum(cur.alloc_state), 0) + coalesce(sum(earlier.alloc_state), 0))::text AS alloc_state_cum,
            trim_scale(coalesce(sum(cur.disb), 0) + coalesce(sum(earlier.disb), 0))::text AS disb_cum,
            trim_scale(coalesce(sum(cur.disb_state), 0) + coalesce(sum(earlier.disb_state), 0))::text AS disb_state_cum
     FROM sec LEFT JOIN cur ON cur.section_id = sec.id LEFT JOIN earlier ON earlier.section_id = sec.id
     GROUP BY ROLLUP ((sec.code, sec.title, sec.position, sec.capital_total, sec.capital_state_budget, sec.capital_non_state_budget))
     ORDER BY sec.position NULLS LAST, sec.code NULLS LAST`,
    [periodId, p.plan_id, p.report_kind_id],
  )) as Record<string, string | null>[];
  const [planNeed] = (await em.query(
    `SELECT trim_scale(coalesce(sum(capital_total), 0))::text AS t, trim_scale(coalesce(sum(capital_state_budget), 0))::text AS s,
            trim_scale(coalesce(sum(capital_non_state_budget), 0))::text AS n FROM plan_sections WHERE plan_id = $1`,
    [p.plan_id],
  )) as { t: string; s: string; n: string }[];
  const capitalLine = (r: Record<string, string | null>, need: CapitalLine['need']): CapitalLine => ({
    need,
    allocated: { total: r.alloc!, stateBudget: r.alloc_state! },
    disbursed: { total: r.disb!, stateBudget: r.disb_state! },
    allocatedCumulative: { total: r.alloc_cum!, stateBudget: r.alloc_state_cum! },
    disbursedCumulative: { total: r.disb_cum!, stateBudget: r.disb_state_cum! },
    disbursementRate: percentOf(r.disb!, r.alloc!),
  });
  const totalRow = capitalRows.find((r) => r.code === null)!;
  const capital = {
    ...capitalLine(totalRow, { total: planNeed.t, stateBudget: planNeed.s, nonStateBudget: planNeed.n }),
    sections: capitalRows
      .filter((r) => r.code !== null)
      .map((r) => ({
        code: r.code!,
        title: r.title!,
        ...capitalLine(r, { total: r.need_total!, stateBudget: r.need_state!, nonStateBudget: r.need_non_state! }),
      })),
  };

  // Tasks: the per-task aggregates; each lead agency's own line and the cooperating agencies'
  // contributions only where a task has few of them (a national task led by 4,000 communes is
  // summarised, not listed).
  const taskRows = (await em.query(
    `WITH RECURSIVE tree AS (
       SELECT t.id, ARRAY[coalesce(s.position, 0)::int, t.position] AS path FROM tasks t LEFT JOIN plan_sections s ON s.id = t.section_id
       WHERE t.parent_id IS NULL AND t.plan_id = $2
       UNION ALL SELECT c.id, tree.path || c.position FROM tasks c JOIN tree ON c.parent_id = tree.id
     ),
     sent AS (SELECT r.id FROM agency_reports r WHERE r.period_id = $1 AND r.state IN ${SENT}),
     agg AS (SELECT * FROM pg_temp.rollup_agg),
     leads AS MATERIALIZED (SELECT ta.task_id, count(*)::int AS n FROM task_assignments ta JOIN tasks t ON t.id = ta.task_id WHERE t.plan_id = $2 AND ta.role = 'lead' GROUP BY ta.task_id)
     SELECT t.code, t.title, s.code AS section_code, s.title AS section_title, coalesce(leads.n, 0) AS lead_agencies,
            coalesce(agg.reported, 0)::int AS reported, agg.avg_percent::text AS avg_percent,
            json_build_object('not_started', coalesce(agg.not_started, 0), 'on_track', coalesce(agg.on_track, 0), 'behind_schedule', coalesce(agg.behind_schedule, 0),
                              'completed', coalesce(agg.completed, 0), 'suspended', coalesce(agg.suspended, 0)) AS status_counts,
            CASE WHEN coalesce(agg.lead_entries, 0) <= $3 THEN coalesce((
              SELECT json_agg(json_build_object('agencyCode', a.code, 'agencyName', a.name, 'status', e.status, 'percent', e.percent_complete, 'workDone', e.work_done) ORDER BY a.code)
              FROM report_task_entries e JOIN sent ON sent.id = e.report_id JOIN agency_reports r ON r.id = e.report_id JOIN agencies a ON a.id = r.agency_id
              WHERE e.task_id = t.id AND e.role = 'lead'), '[]') END AS leads,
            CASE WHEN coalesce(leads.n, 0) <= $3 THEN coalesce((
              SELECT json_agg(json_build_object('agencyCode', a.code, 'agencyName', a.name, 'workDone', e.work_done) ORDER BY a.code)
              FROM report_task_entries e JOIN sent ON sent.id = e.report_id JOIN agency_reports r ON r.id = e.report_id JOIN agencies a ON a.id = r.agency_id
              WHERE e.task_id = t.id AND e.role = 'cooperating' AND e.work_done IS NOT NULL), '[]') END AS contributions,
            coalesce((SELECT json_agg(json_build_object('title', m.title, 'due', to_char(m.timeline_date, 'YYYY-MM-DD'), 'year', m.timeline_year, 'kind', m.timeline_kind) ORDER BY m.position)
                      FROM task_milestones m WHERE m.task_id = t.id), '[]') AS milestones
     FROM tasks t JOIN tree ON tree.id = t.id LEFT JOIN plan_sections s ON s.id = t.section_id
     LEFT JOIN agg ON agg.task_id = t.id LEFT JOIN leads ON leads.task_id = t.id
     WHERE t.plan_id = $2 AND t.kind <> 'group'
     ORDER BY tree.path`,
    [periodId, p.plan_id, LISTED_AGENCIES_MAX],
  )) as Record<string, any>[];
  const periodEnd = p.data_to ?? toZonedIso(p.due_at).slice(0, 10);
  const sections = new Map<string, { code: string; title: string; tasks: TaskLine[] }>();
  const behind: Rollup['behind'] = [];
  for (const r of taskRows) {
    const leads = (r.leads ?? []) as TaskLine['leads'];
    const statusCounts = Object.fromEntries(Object.entries(r.status_counts as Record<string, number>).filter(([, n]) => n > 0));
    const completed = r.reported > 0 && r.reported === r.lead_agencies && (statusCounts.completed ?? 0) === r.reported;
    const milestones = (r.milestones as { title: string; due: string | null; year: number | null; kind: string | null }[]).map((m) => {
      const due = m.due ?? (m.year && m.kind === 'year' ? `${m.year}-12-31` : null);
      // A milestone counts as met when every lead agency reports the task completed.
      return { title: m.title, due, met: due && due <= periodEnd ? completed : null };
    });
    const reportedBehind = (statusCounts.behind_schedule ?? 0) > 0;
    const missedMilestone = milestones.some((m) => m.met === false);
    const line: TaskLine = {
      code: r.code,
      title: r.title,
      sectionCode: r.section_code,
      leads,
      leadAgencies: r.lead_agencies,
      reported: r.reported,
      statusCounts,
      averagePercent: r.avg_percent,
      milestones,
      contributions: (r.contributions ?? []) as TaskLine['contributions'],
      behind: reportedBehind || missedMilestone,
      behindReason: reportedBehind
        ? 'Đơn vị chủ trì báo cáo chậm tiến độ'
        : missedMilestone
          ? 'Có mốc đã đến hạn nhưng chưa hoàn thành'
          : null,
    };
    if (line.behind) behind.push({ code: line.code, title: line.title, reason: line.behindReason! });
    const key = r.section_code ?? '';
    if (!sections.has(key)) sections.set(key, { code: r.section_code ?? '', title: r.section_title ?? 'Nhiệm vụ chung', tasks: [] });
    sections.get(key)!.tasks.push(line);
  }

  // Indicators: the value by the indicator's aggregation rule over the sent reports.
  const indicators = (await em.query(
    `WITH v AS (
       SELECT rv.indicator_id, rv.value, r.submitted_at FROM report_indicator_values rv JOIN agency_reports r ON r.id = rv.report_id
       WHERE r.period_id = $1 AND r.state IN ${SENT} AND rv.value IS NOT NULL
     )
     SELECT i.code, i.name, i.unit, i.aggregation,
            trim_scale(CASE i.aggregation
              WHEN 'sum' THEN (SELECT sum(v.value) FROM v WHERE v.indicator_id = i.id)
              WHEN 'average' THEN (SELECT round(avg(v.value), 3) FROM v WHERE v.indicator_id = i.id)
              ELSE (SELECT v.value FROM v WHERE v.indicator_id = i.id ORDER BY v.submitted_at DESC LIMIT 1) END)::text AS value,
            (SELECT count(*)::int FROM v WHERE v.indicator_id = i.id) AS reported_by,
            (SELECT trim_scale(x.value)::text FROM indicator_targets x WHERE x.indicator_id = i.id AND x.year >= $3 ORDER BY x.year LIMIT 1) AS target_year,
            (SELECT trim_scale(x.value)::text FROM indicator_targets x WHERE x.indicator_id = i.id ORDER BY x.year DESC LIMIT 1) AS target_final
     FROM indicators i WHERE i.plan_id = $2 ORDER BY i.position, i.code`,
    [periodId, p.plan_id, p.year],
  )) as Record<string, any>[];

  // Difficulties, proposals, next steps and assessments from the sent reports and the period's ad hoc reports.
  const texts = (await em.query(
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
  )) as {
    what: string;
    kind: string | null;
    level: string | null;
    code: string;
    name: string;
    task_code: string | null;
    text: string;
    source: 'report' | 'adhoc';
  }[];
  const groups = new Map<string, DifficultyGroup>();
  for (const d of texts.filter((x) => x.what === 'difficulty')) {
    const key = `${d.kind}|${d.level ?? ''}`;
    if (!groups.has(key)) groups.set(key, { kind: d.kind ?? 'other', level: d.level, count: 0, agencies: [], items: [] });
    const g = groups.get(key)!;
    g.count += 1;
    if (!g.agencies.includes(d.code)) g.agencies.push(d.code);
    g.items.push({ agencyCode: d.code, agencyName: d.name, taskCode: d.task_code, text: d.text, source: d.source });
  }
  const KIND_ORDER = ['land_clearance', 'capital', 'procedure', 'planning', 'materials', 'other'];
  const LEVEL_ORDER = ['central', 'province', 'commune', ''];
  const difficulties = [...groups.values()].sort(
    (a, b) =>
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || LEVEL_ORDER.indexOf(a.level ?? '') - LEVEL_ORDER.indexOf(b.level ?? ''),
  );

  return {
    period: {
      id: p.id,
      label: p.label,
      year: p.year,
      dueAt: toZonedIso(p.due_at),
      consolidationDueAt: p.consolidation_due_at ? toZonedIso(p.consolidation_due_at) : null,
      dataFrom: p.data_from,
      dataTo: p.data_to,
    },
    plan: { code: p.code, title: p.title, issuingBody: p.issuing_body, coordinatingAgency: p.coordinating, recipientAgency: p.recipient },
    completeness: {
      ...status.summary,
      agencies,
    },
    capital,
    sections: [...sections.values()],
    indicators: indicators.map((i) => ({
      code: i.code,
      name: i.name,
      unit: i.unit,
      aggregation: i.aggregation,
      value: i.value,
      reportedBy: i.reported_by,
      targetYear: i.target_year,
      target2030: i.target_final,
    })),
    difficulties,
    proposals: texts
      .filter((x) => x.what === 'proposal')
      .map((x) => ({ agencyCode: x.code, agencyName: x.name, taskCode: x.task_code, text: x.text })),
    nextSteps: texts
      .filter((x) => x.what === 'next')
      .map((x) => ({ agencyCode: x.code, agencyName: x.name, taskCode: x.task_code!, text: x.text })),
    assessments: texts.filter((x) => x.what === 'assessment').map((x) => ({ agencyCode: x.code, agencyName: x.name, text: x.text })),
    behind,
  };
}

/** part ÷ whole as a percent with one decimal, rounded half up, from decimal strings (no floats for money). */
export function percentOf(part: string, whole: string): string | null {
  const toMilli = (s: string) => {
    const [i, f = ''] = s.split('.');
    return BigInt(i) * 1000n + BigInt((f + '000').slice(0, 3));
  };
  const a = toMilli(whole);
  if (a === 0n) return null;
  const tenths = (toMilli(part) * 1000n + a / 2n) / a; // percent × 10
  return `${tenths / 10n}.${tenths % 10n}`;
}
