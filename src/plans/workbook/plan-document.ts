import { EntityManager } from 'typeorm';
import type { AgencyKind } from '../../agencies/agency.entity';
import { normalizeDecimal } from '../../common/decimal';
import type { KindDraft } from '../../reporting/report-kind-rules';
import type { Aggregation } from '../indicator.entity';
import type { Comparator } from '../indicator-target.entity';
import type { TaskKind } from '../task.entity';
import { describeTimeline, Timeline } from '../timeline';

/**
 * A whole plan as one value: what the XLSX workbook holds, what the import writes and what the
 * export reads back. Agencies are referred to by code; lists of codes are sorted so two documents
 * of the same plan compare equal.
 */
export interface PlanDocument {
  plan: {
    code: string;
    title: string;
    issuingBody: string;
    documentNumber: string | null;
    documentDate: string | null;
    legalBasis: string | null;
    startYear: number;
    endYear: number;
    coordinatingAgency: string;
    recipientAgency: string | null;
  };
  regime: { code: string; name: string; legalBasis: string | null; rollForward: boolean };
  agencies: DocAgency[];
  sections: DocSection[];
  indicators: DocIndicator[];
  kinds: DocKind[];
}

export interface DocAgency {
  code: string;
  kind: AgencyKind;
  name: string;
  shortName: string;
  emails: string[];
  requiresHeadSignOff: boolean;
}

export interface DocSection {
  code: string;
  title: string;
  capitalTotal: string;
  capitalStateBudget: string;
  capitalNonStateBudget: string;
  tasks: DocTask[];
}

export interface DocMilestone {
  title: string;
  timeline: Timeline;
}

export interface DocTask {
  code: string;
  title: string;
  kind: TaskKind;
  timeline: Timeline | null;
  leads: string[];
  cooperating: string[];
  capitalTotal: string | null;
  capitalStateBudget: string | null;
  capitalNonStateBudget: string | null;
  note: string | null;
  milestones: DocMilestone[];
  children: DocTask[];
}

export interface DocTarget {
  year: number;
  comparator: Comparator;
  value: string;
  note: string | null;
}

export interface DocIndicator {
  code: string;
  name: string;
  unit: string;
  aggregation: Aggregation;
  taskCode: string | null;
  owners: string[];
  targets: DocTarget[];
}

/** A report kind as the regime admin checks it (KindDraft), with its name. */
export interface DocKind extends KindDraft {
  name: string;
}

/** Every task of a section list, parents before children, with its parent's code. */
export function flattenTasks(sections: DocSection[]): { section: DocSection; parent: DocTask | null; task: DocTask; position: number }[] {
  const out: { section: DocSection; parent: DocTask | null; task: DocTask; position: number }[] = [];
  const walk = (section: DocSection, parent: DocTask | null, tasks: DocTask[]) =>
    tasks.forEach((task, i) => {
      out.push({ section, parent, task, position: i + 1 });
      walk(section, task, task.children);
    });
  for (const s of sections) walk(s, null, s.tasks);
  return out;
}

/** Timelines compare by meaning: a text that only repeats the kind's wording is dropped. */
function timelineOf(
  kind: string | null,
  year: number | null,
  endYear: number | null,
  date: string | null,
  text: string | null,
): Timeline | null {
  if (!kind && !text) return null;
  const t: Timeline = { kind: (kind ?? 'ongoing') as Timeline['kind'], year, endYear, date, text: null };
  return { ...t, text: text && text !== describeTimeline(t) ? text : null };
}

const sortCodes = (codes: string[]) => [...codes].sort();

/** Reads a stored plan into a document; null when the code is unknown. */
export async function loadPlanDocument(em: EntityManager, planCode: string): Promise<PlanDocument | null> {
  const [plan] = (await em.query(
    `SELECT p.id, p.code, p.title, p.issuing_body, p.document_number, to_char(p.document_date, 'YYYY-MM-DD') AS document_date,
            p.legal_basis, p.start_year, p.end_year, c.code AS coordinating, r.code AS recipient
     FROM plans p JOIN agencies c ON c.id = p.coordinating_agency_id LEFT JOIN agencies r ON r.id = p.recipient_agency_id
     WHERE p.code = $1`,
    [planCode],
  )) as Record<string, any>[];
  if (!plan) return null;
  const planId = plan.id as string;

  const [regime] = (await em.query(
    'SELECT id, code, name, legal_basis, roll_forward FROM reporting_regimes WHERE plan_id = $1 ORDER BY created_at, code LIMIT 1',
    [planId],
  )) as Record<string, any>[];

  const sectionRows = (await em.query(
    `SELECT id, code, title, capital_total, capital_state_budget, capital_non_state_budget FROM plan_sections WHERE plan_id = $1 ORDER BY position, code`,
    [planId],
  )) as Record<string, any>[];
  const taskRows = (await em.query(
    `SELECT t.id, t.code, t.title, t.kind, t.section_id, t.parent_id, t.timeline_kind, t.timeline_year, t.timeline_end_year,
            to_char(t.timeline_date, 'YYYY-MM-DD') AS timeline_date, t.timeline_text, t.capital_total, t.capital_state_budget,
            t.capital_non_state_budget, t.note,
            coalesce((SELECT array_agg(a.code ORDER BY a.code) FROM task_assignments ta JOIN agencies a ON a.id = ta.agency_id
                      WHERE ta.task_id = t.id AND ta.role = 'lead'), '{}') AS leads,
            coalesce((SELECT array_agg(a.code ORDER BY a.code) FROM task_assignments ta JOIN agencies a ON a.id = ta.agency_id
                      WHERE ta.task_id = t.id AND ta.role = 'cooperating'), '{}') AS cooperating
     FROM tasks t WHERE t.plan_id = $1 ORDER BY t.position, t.code`,
    [planId],
  )) as Record<string, any>[];
  const milestoneRows = (await em.query(
    `SELECT m.task_id, m.title, m.timeline_kind, m.timeline_year, m.timeline_end_year, to_char(m.timeline_date, 'YYYY-MM-DD') AS timeline_date, m.timeline_text
     FROM task_milestones m JOIN tasks t ON t.id = m.task_id WHERE t.plan_id = $1 ORDER BY m.position`,
    [planId],
  )) as Record<string, any>[];

  const tasks = new Map<string, DocTask & { sectionId: string | null; parentId: string | null }>();
  for (const t of taskRows) {
    tasks.set(t.id, {
      code: t.code,
      title: t.title,
      kind: t.kind,
      timeline: timelineOf(t.timeline_kind, t.timeline_year, t.timeline_end_year, t.timeline_date, t.timeline_text),
      leads: t.leads,
      cooperating: t.cooperating,
      capitalTotal: normalizeDecimal(t.capital_total),
      capitalStateBudget: normalizeDecimal(t.capital_state_budget),
      capitalNonStateBudget: normalizeDecimal(t.capital_non_state_budget),
      note: t.note,
      milestones: [],
      children: [],
      sectionId: t.section_id,
      parentId: t.parent_id,
    });
  }
  for (const m of milestoneRows) {
    tasks.get(m.task_id)?.milestones.push({
      title: m.title,
      timeline: timelineOf(m.timeline_kind, m.timeline_year, m.timeline_end_year, m.timeline_date, m.timeline_text) as Timeline,
    });
  }
  const sections: DocSection[] = sectionRows.map((s) => ({
    code: s.code,
    title: s.title,
    capitalTotal: normalizeDecimal(s.capital_total),
    capitalStateBudget: normalizeDecimal(s.capital_state_budget),
    capitalNonStateBudget: normalizeDecimal(s.capital_non_state_budget),
    tasks: [],
  }));
  const sectionById = new Map(sectionRows.map((s, i) => [s.id as string, sections[i]]));
  for (const t of tasks.values()) {
    const parent = t.parentId ? tasks.get(t.parentId) : undefined;
    if (parent) parent.children.push(t);
    else if (t.sectionId && sectionById.has(t.sectionId)) sectionById.get(t.sectionId)!.tasks.push(t);
  }
  const strip = (list: DocTask[]): DocTask[] =>
    list.map((t) => {
      const { sectionId: _s, parentId: _p, ...rest } = t as DocTask & { sectionId?: string; parentId?: string };
      return { ...rest, children: strip(rest.children) };
    });
  for (const s of sections) s.tasks = strip(s.tasks);

  const indicatorRows = (await em.query(
    `SELECT i.id, i.code, i.name, i.unit, i.aggregation, t.code AS task_code,
            coalesce((SELECT array_agg(a.code ORDER BY a.code) FROM indicator_owners o JOIN agencies a ON a.id = o.agency_id WHERE o.indicator_id = i.id), '{}') AS owners,
            coalesce((SELECT jsonb_agg(jsonb_build_object('year', x.year, 'comparator', x.comparator, 'value', x.value::text, 'note', x.note) ORDER BY x.year)
                      FROM indicator_targets x WHERE x.indicator_id = i.id), '[]') AS targets
     FROM indicators i LEFT JOIN tasks t ON t.id = i.task_id WHERE i.plan_id = $1 ORDER BY i.position, i.code`,
    [planId],
  )) as Record<string, any>[];
  const indicators: DocIndicator[] = indicatorRows.map((i) => ({
    code: i.code,
    name: i.name,
    unit: i.unit,
    aggregation: i.aggregation,
    taskCode: i.task_code,
    owners: i.owners,
    targets: (i.targets as DocTarget[]).map((x) => ({
      year: x.year,
      comparator: x.comparator,
      value: normalizeDecimal(x.value),
      note: x.note ?? null,
    })),
  }));

  const kindRows = regime
    ? ((await em.query(
        `SELECT k.*, to_char(k.fixed_opens_date, 'YYYY-MM-DD') AS fixed_opens, to_char(k.fixed_due_date, 'YYYY-MM-DD') AS fixed_due,
                coalesce((SELECT array_agg(a.code ORDER BY a.code) FROM report_kind_agencies ka JOIN agencies a ON a.id = ka.agency_id WHERE ka.report_kind_id = k.id), '{}') AS agency_codes
         FROM report_kinds k WHERE k.regime_id = $1 ORDER BY k.position, k.code`,
        [regime.id],
      )) as Record<string, any>[])
    : [];
  const kinds: DocKind[] = kindRows.map((k) => ({
    code: k.code,
    name: k.name,
    frequency: k.frequency,
    slots: k.slots,
    periodLabel: k.period_label,
    opensRule: k.opens_rule,
    dueRule: k.due_rule,
    dataWindow: k.data_window,
    consolidationDueRule: k.consolidation_due_rule,
    fixedOpensDate: k.fixed_opens,
    fixedDueDate: k.fixed_due,
    namedDayCounts: k.named_day_counts,
    owedBy: k.owed_by,
    agencyCodes: k.agency_codes,
    reminderRules: k.reminder_rules,
  }));

  const referenced = new Set<string>([plan.coordinating, ...(plan.recipient ? [plan.recipient] : [])]);
  for (const { task } of flattenTasks(sections)) [...task.leads, ...task.cooperating].forEach((c) => referenced.add(c));
  indicators.forEach((i) => i.owners.forEach((c) => referenced.add(c)));
  kinds.forEach((k) => k.agencyCodes.forEach((c) => referenced.add(c)));
  const agencyRows = (await em.query(
    `SELECT code, kind, name, short_name, emails, requires_head_sign_off FROM agencies WHERE code = ANY($1) ORDER BY code`,
    [[...referenced]],
  )) as Record<string, any>[];

  return {
    plan: {
      code: plan.code,
      title: plan.title,
      issuingBody: plan.issuing_body,
      documentNumber: plan.document_number,
      documentDate: plan.document_date,
      legalBasis: plan.legal_basis,
      startYear: plan.start_year,
      endYear: plan.end_year,
      coordinatingAgency: plan.coordinating,
      recipientAgency: plan.recipient,
    },
    regime: regime
      ? { code: regime.code, name: regime.name, legalBasis: regime.legal_basis, rollForward: regime.roll_forward }
      : { code: 'DEFAULT', name: 'Chế độ báo cáo thực hiện kế hoạch', legalBasis: null, rollForward: false },
    agencies: agencyRows.map((a) => ({
      code: a.code,
      kind: a.kind,
      name: a.name,
      shortName: a.short_name,
      emails: a.emails,
      requiresHeadSignOff: a.requires_head_sign_off,
    })),
    sections,
    indicators,
    kinds: kinds.map((k) => ({ ...k, agencyCodes: sortCodes(k.agencyCodes) })),
  };
}
