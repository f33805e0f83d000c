import { EntityManager } from 'typeorm';
import { toZonedIso } from '../common/time-zone';
import { OWING_CTE } from '../reporting/owing-sql';

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
  period: { id: string; label: string; year: number; dueAt: string; consolidationDueAt: string | null; dataFrom: string | null; dataTo: string | null };
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

export async function computeRollup(em: EntityManager, periodId: string): Promise<Rollup> {
  const [p] = (await em.query(
    `SELECT p.id, p.label, p.year, p.due_at, p.consolidation_due_at, to_char(p.data_from, 'YYYY-MM-DD') AS data_from, to_char(p.data_to, 'YYYY-MM-DD') AS data_to,
            p.report_kind_id, pl.id AS plan_id, pl.code, pl.title, pl.issuing_body, ca.name AS coordinating, ra.name AS recipient
     FROM reporting_periods p JOIN plans pl ON pl.id = p.plan_id JOIN agencies ca ON ca.id = pl.coordinating_agency_id
     LEFT JOIN agencies ra ON ra.id = pl.recipient_agency_id WHERE p.id = $1`,
    [periodId],
  )) as Record<string, any>[];

  const agencyRows = (await em.query(
    `WITH ${OWING_CTE}
     SELECT a.code, a.name, a.kind, r.state, r.first_submitted_at, r.submitted_at, r.on_time
     FROM owing JOIN agencies a ON a.id = owing.agency_id LEFT JOIN agency_reports r ON r.period_id = $1 AND r.agency_id = a.id
     ORDER BY array_position(ARRAY['department','ward','commune','other','province']::text[], a.kind::text), a.code`,
    [periodId],
  )) as { code: string; name: string; kind: string; state: string | null; first_submitted_at: Date | null; submitted_at: Date | null; on_time: boolean | null }[];
  const agencies: AgencyLine[] = agencyRows.map((r) => {
    const ever = r.first_submitted_at !== null;
    return {
      code: r.code,
      name: r.name,
      kind: r.kind,
      state: !ever ? 'missing' : r.state === 'returned' ? 'returned' : r.state === 'accepted' ? 'accepted' : 'submitted',
      onTime: ever ? r.on_time : null,
      submittedAt: r.submitted_at ? toZonedIso(r.submitted_at) : null,
    };
  });
  const count = (f: (a: AgencyLine) => boolean) => agencies.filter(f).length;

  // Capital: the period's entries of sent reports, and the cumulative over the kind's periods up to this one.
  const capitalRows = (await em.query(
    `WITH sec AS (SELECT s.id, s.code, s.title, s.position, s.capital_total, s.capital_state_budget, s.capital_non_state_budget FROM plan_sections s WHERE s.plan_id = $2),
     e AS (
       SELECT t.section_id, r.period_id = $1 AS current, e.capital_allocated, e.capital_allocated_state_budget, e.capital_disbursed, e.capital_disbursed_state_budget
       FROM report_task_entries e JOIN agency_reports r ON r.id = e.report_id JOIN tasks t ON t.id = e.task_id
       JOIN reporting_periods rp ON rp.id = r.period_id
       WHERE r.state IN ${SENT} AND e.role = 'lead' AND rp.report_kind_id = $3 AND rp.due_at <= (SELECT due_at FROM reporting_periods WHERE id = $1)
     )
     SELECT sec.code, sec.title, trim_scale(sec.capital_total)::text AS need_total, trim_scale(sec.capital_state_budget)::text AS need_state,
            trim_scale(sec.capital_non_state_budget)::text AS need_non_state,
            trim_scale(coalesce(sum(e.capital_allocated) FILTER (WHERE e.current), 0))::text AS alloc,
            trim_scale(coalesce(sum(e.capital_allocated_state_budget) FILTER (WHERE e.current), 0))::text AS alloc_state,
            trim_scale(coalesce(sum(e.capital_disbursed) FILTER (WHERE e.current), 0))::text AS disb,
            trim_scale(coalesce(sum(e.capital_disbursed_state_budget) FILTER (WHERE e.current), 0))::text AS disb_state,
            trim_scale(coalesce(sum(e.capital_allocated), 0))::text AS alloc_cum,
            trim_scale(coalesce(sum(e.capital_allocated_state_budget), 0))::text AS alloc_state_cum,
            trim_scale(coalesce(sum(e.capital_disbursed), 0))::text AS disb_cum,
            trim_scale(coalesce(sum(e.capital_disbursed_state_budget), 0))::text AS disb_state_cum
     FROM sec LEFT JOIN e ON e.section_id = sec.id
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
    disbursementRate: rate(r.disb!, r.alloc!),
  });
  const totalRow = capitalRows.find((r) => r.code === null)!;
  const capital = {
    ...capitalLine(totalRow, { total: planNeed.t, stateBudget: planNeed.s, nonStateBudget: planNeed.n }),
    sections: capitalRows
      .filter((r) => r.code !== null)
      .map((r) => ({ code: r.code!, title: r.title!, ...capitalLine(r, { total: r.need_total!, stateBudget: r.need_state!, nonStateBudget: r.need_non_state! }) })),
  };

  // Tasks: one row per task with its leads' lines, milestones and contributions, as JSON.
  const taskRows = (await em.query(
    `WITH RECURSIVE tree AS (
       SELECT t.id, ARRAY[coalesce(s.position, 0)::int, t.position] AS path FROM tasks t LEFT JOIN plan_sections s ON s.id = t.section_id
       WHERE t.parent_id IS NULL AND t.plan_id = $2
       UNION ALL SELECT c.id, tree.path || c.position FROM tasks c JOIN tree ON c.parent_id = tree.id
     ),
     sent AS (SELECT r.id, r.agency_id FROM agency_reports r WHERE r.period_id = $1 AND r.state IN ${SENT}),
     entries AS (
       SELECT e.task_id, e.role, e.status, e.percent_complete, e.work_done, a.code, a.name
       FROM report_task_entries e JOIN sent ON sent.id = e.report_id JOIN agencies a ON a.id = sent.agency_id
     )
     SELECT t.code, t.title, s.code AS section_code, s.title AS section_title,
            (SELECT count(*)::int FROM task_assignments ta WHERE ta.task_id = t.id AND ta.role = 'lead') AS lead_agencies,
            coalesce((SELECT json_agg(json_build_object('agencyCode', x.code, 'agencyName', x.name, 'status', x.status, 'percent', x.percent_complete, 'workDone', x.work_done) ORDER BY x.code)
                      FROM entries x WHERE x.task_id = t.id AND x.role = 'lead'), '[]') AS leads,
            coalesce((SELECT json_agg(json_build_object('agencyCode', x.code, 'agencyName', x.name, 'workDone', x.work_done) ORDER BY x.code)
                      FROM entries x WHERE x.task_id = t.id AND x.role = 'cooperating' AND coalesce(trim(x.work_done), '') <> ''), '[]') AS contributions,
            coalesce((SELECT json_agg(json_build_object('title', m.title, 'due', to_char(m.timeline_date, 'YYYY-MM-DD'), 'year', m.timeline_year, 'kind', m.timeline_kind) ORDER BY m.position)
                      FROM task_milestones m WHERE m.task_id = t.id), '[]') AS milestones
     FROM tasks t JOIN tree ON tree.id = t.id LEFT JOIN plan_sections s ON s.id = t.section_id
     WHERE t.plan_id = $2 AND t.kind <> 'group'
     ORDER BY tree.path`,
    [periodId, p.plan_id],
  )) as Record<string, any>[];
  const periodEnd = p.data_to ?? toZonedIso(p.due_at).slice(0, 10);
  const sections = new Map<string, { code: string; title: string; tasks: TaskLine[] }>();
  const behind: Rollup['behind'] = [];
  for (const r of taskRows) {
    const leads = r.leads as TaskLine['leads'];
    const statusCounts: Record<string, number> = {};
    for (const l of leads) if (l.status) statusCounts[l.status] = (statusCounts[l.status] ?? 0) + 1;
    const percents = leads.map((l) => l.percent).filter((x): x is number => x !== null);
    const completed = leads.length > 0 && leads.every((l) => l.status === 'completed');
    const milestones = (r.milestones as { title: string; due: string | null; year: number | null; kind: string | null }[]).map((m) => {
      const due = m.due ?? (m.year && m.kind === 'year' ? `${m.year}-12-31` : null);
      // A milestone counts as met when every lead agency reports the task completed.
      return { title: m.title, due, met: due && due <= periodEnd ? completed : null };
    });
    const reportedBehind = leads.some((l) => l.status === 'behind_schedule');
    const missedMilestone = milestones.some((m) => m.met === false);
    const line: TaskLine = {
      code: r.code,
      title: r.title,
      sectionCode: r.section_code,
      leads,
      leadAgencies: r.lead_agencies,
      reported: leads.filter((l) => l.status).length,
      statusCounts,
      averagePercent: percents.length ? (percents.reduce((a, b) => a + b, 0) / percents.length).toFixed(1) : null,
      milestones,
      contributions: r.contributions,
      behind: reportedBehind || missedMilestone,
      behindReason: reportedBehind ? 'Đơn vị chủ trì báo cáo chậm tiến độ' : missedMilestone ? 'Có mốc đã đến hạn nhưng chưa hoàn thành' : null,
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
    `WITH sent AS (SELECT r.* FROM agency_reports r WHERE r.period_id = $1 AND r.state IN ${SENT})
     SELECT 'difficulty' AS what, coalesce(e.difficulty_kind, 'other') AS kind, e.resolving_level AS level, a.code, a.name, t.code AS task_code, e.difficulties AS text, 'report' AS source
     FROM report_task_entries e JOIN sent ON sent.id = e.report_id JOIN agencies a ON a.id = sent.agency_id JOIN tasks t ON t.id = e.task_id
     WHERE coalesce(trim(e.difficulties), '') <> ''
     UNION ALL
     SELECT 'difficulty', 'other', NULL, a.code, a.name, NULL, sent.summary_difficulties, 'report'
     FROM sent JOIN agencies a ON a.id = sent.agency_id WHERE coalesce(trim(sent.summary_difficulties), '') <> ''
     UNION ALL
     SELECT 'difficulty', h.difficulty_kind, h.resolving_level, a.code, a.name, t.code, h.subject || ': ' || h.body, 'adhoc'
     FROM adhoc_reports h JOIN agencies a ON a.id = h.agency_id LEFT JOIN tasks t ON t.id = h.task_id
     JOIN reporting_periods p ON p.id = $1
     -- Ad hoc reports raised from the start of the data window until the consolidation deadline.
     WHERE h.plan_id = p.plan_id AND h.created_at >= coalesce(p.data_from::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh', p.opens_at)
       AND h.created_at < coalesce(p.consolidation_due_at, p.due_at)
     UNION ALL
     SELECT 'proposal', NULL, NULL, a.code, a.name, t.code, e.proposals, 'report'
     FROM report_task_entries e JOIN sent ON sent.id = e.report_id JOIN agencies a ON a.id = sent.agency_id JOIN tasks t ON t.id = e.task_id
     WHERE coalesce(trim(e.proposals), '') <> ''
     UNION ALL
     SELECT 'proposal', NULL, NULL, a.code, a.name, NULL, sent.summary_proposals, 'report'
     FROM sent JOIN agencies a ON a.id = sent.agency_id WHERE coalesce(trim(sent.summary_proposals), '') <> ''
     UNION ALL
     SELECT 'next', NULL, NULL, a.code, a.name, t.code, e.next_steps, 'report'
     FROM report_task_entries e JOIN sent ON sent.id = e.report_id JOIN agencies a ON a.id = sent.agency_id JOIN tasks t ON t.id = e.task_id
     WHERE coalesce(trim(e.next_steps), '') <> ''
     UNION ALL
     SELECT 'assessment', NULL, NULL, a.code, a.name, NULL, sent.summary_assessment, 'report'
     FROM sent JOIN agencies a ON a.id = sent.agency_id WHERE coalesce(trim(sent.summary_assessment), '') <> ''`,
    [periodId],
  )) as { what: string; kind: string | null; level: string | null; code: string; name: string; task_code: string | null; text: string; source: 'report' | 'adhoc' }[];
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
    (a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || LEVEL_ORDER.indexOf(a.level ?? '') - LEVEL_ORDER.indexOf(b.level ?? ''),
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
      expected: agencies.length,
      submitted: count((a) => a.state !== 'missing'),
      onTime: count((a) => a.state !== 'missing' && a.onTime === true),
      late: count((a) => a.state !== 'missing' && a.onTime === false),
      missing: count((a) => a.state === 'missing'),
      returned: count((a) => a.state === 'returned'),
      accepted: count((a) => a.state === 'accepted'),
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
    proposals: texts.filter((x) => x.what === 'proposal').map((x) => ({ agencyCode: x.code, agencyName: x.name, taskCode: x.task_code, text: x.text })),
    nextSteps: texts.filter((x) => x.what === 'next').map((x) => ({ agencyCode: x.code, agencyName: x.name, taskCode: x.task_code!, text: x.text })),
    assessments: texts.filter((x) => x.what === 'assessment').map((x) => ({ agencyCode: x.code, agencyName: x.name, text: x.text })),
    behind,
  };
}

/** disbursed ÷ allocated as a percent with one decimal, rounded half up, from decimal strings (no floats for money). */
function rate(disbursed: string, allocated: string): string | null {
  const toMilli = (s: string) => {
    const [i, f = ''] = s.split('.');
    return BigInt(i) * 1000n + BigInt((f + '000').slice(0, 3));
  };
  const a = toMilli(allocated);
  if (a === 0n) return null;
  const tenths = (toMilli(disbursed) * 1000n + a / 2n) / a; // percent × 10
  return `${tenths / 10n}.${tenths % 10n}`;
}
