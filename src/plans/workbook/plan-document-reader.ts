import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AgenciesRepository } from '../../agencies/agencies.repository';
import { normalizeDecimal } from '../../common/decimal';
import { RegimesRepository } from '../../reporting/regimes.repository';
import { describeTimeline, Timeline } from '../timeline';
import { DocIndicator, DocKind, DocSection, DocTask, flattenTasks, PlanDocument } from './plan-document';
import { PlanDocumentRepository, PlanHeaderRow, TaskDocumentRow, TimelineColumnsRow } from './plan-document.repository';
import { AuthRepository } from '../../auth/auth.repository';
import type { DocAccount } from './plan-document';
import { identitySettingsOf } from '../plan-identity';
import { AgencyGroupRefRow, AgencyGroupRow, AgencyGroupsRepository } from '../agency-groups.repository';
import type { AgencyKind } from '../../agencies/agency.entity';
import type { DocAgencyGroup } from './plan-document';
import { CapitalPhasesRepository } from '../capital-phases.repository';
import { CapitalPhaseSpan, phaseLabel } from '../capital-phases';

/** The regime a plan without one is shown with (what the regime admin would create). */
const DEFAULT_REGIME: PlanDocument['regime'] = {
  code: 'DEFAULT',
  name: 'Chế độ báo cáo thực hiện kế hoạch',
  legalBasis: null,
  rollForward: false,
};

/** Timelines compare by meaning: a text that only repeats the kind's wording is dropped. */
function timelineOf(row: TimelineColumnsRow): Timeline | null {
  if (!row.timeline_kind && !row.timeline_text) return null;
  const t: Timeline = {
    kind: (row.timeline_kind ?? 'ongoing') as Timeline['kind'],
    year: row.timeline_year,
    endYear: row.timeline_end_year,
    date: row.timeline_date,
    text: null,
  };
  const text = row.timeline_text;
  return { ...t, text: text && text !== describeTimeline(t) ? text : null };
}

const sortCodes = (codes: string[]) => [...codes].sort();

function planPart(plan: PlanHeaderRow): PlanDocument['plan'] {
  return {
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
    ...identitySettingsOf(plan),
  };
}

function docTask(t: TaskDocumentRow): DocTask {
  return {
    code: t.code,
    title: t.title,
    kind: t.kind,
    timeline: timelineOf(t),
    leads: t.leads,
    cooperating: t.cooperating,
    capitalTotal: normalizeDecimal(t.capital_total),
    capitalStateBudget: normalizeDecimal(t.capital_state_budget),
    capitalNonStateBudget: normalizeDecimal(t.capital_non_state_budget),
    note: t.note,
    milestones: [],
    children: [],
  };
}

/** The ids of what a group may be named on, for attachGroups. */
interface GroupTargets {
  tasks: Map<string, DocTask>;
  indicators: Map<string, DocIndicator>;
  kinds: Map<string, DocKind>;
}

/**
 * Puts the groups a task, an indicator or a kind named back on it (codes, sorted), each only while
 * the group's members are all still among its agencies (an administrator may have edited the
 * list since): the export then writes the group's name, which re-imports to the same agencies.
 */
function attachGroups(groups: DocAgencyGroup[], refs: AgencyGroupRefRow[], targets: GroupTargets): void {
  const byCode = new Map(groups.map((g) => [g.code, g]));
  const holds = (g: DocAgencyGroup, codes: string[]) => g.members.every((c) => codes.includes(c));
  const add = <T extends object>(target: T, key: keyof T & string, code: string) => {
    const list = ((target as Record<string, unknown>)[key] as string[] | undefined) ?? [];
    if (!list.includes(code)) (target as Record<string, unknown>)[key] = [...list, code].sort();
  };
  for (const r of refs) {
    const g = byCode.get(r.group_code);
    if (!g) continue;
    const task = r.task_id ? targets.tasks.get(r.task_id) : undefined;
    const indicator = r.indicator_id ? targets.indicators.get(r.indicator_id) : undefined;
    const kind = r.report_kind_id ? targets.kinds.get(r.report_kind_id) : undefined;
    if (task && r.role === 'lead' && holds(g, task.leads)) add(task, 'leadGroups', g.code);
    if (task && r.role === 'cooperating' && holds(g, [...task.leads, ...task.cooperating])) add(task, 'cooperatingGroups', g.code);
    if (indicator && holds(g, indicator.owners)) add(indicator, 'ownerGroups', g.code);
    if (kind && kind.owedBy === 'listed' && holds(g, kind.agencyCodes)) add(kind, 'agencyGroups', g.code);
  }
}

const docGroup = (g: AgencyGroupRow): DocAgencyGroup => ({
  code: g.code,
  name: g.name,
  members: g.members,
  kinds: [...g.kinds].sort() as AgencyKind[],
});

/** Every agency code the document refers to: the plan's two, task assignments, indicator owners, listed kinds. */
function referencedAgencyCodes(plan: PlanHeaderRow, sections: DocSection[], indicators: DocIndicator[], kinds: DocKind[]): string[] {
  const referenced = new Set<string>([plan.coordinating, ...(plan.recipient ? [plan.recipient] : [])]);
  for (const { task } of flattenTasks(sections)) [...task.leads, ...task.cooperating].forEach((c) => referenced.add(c));
  indicators.forEach((i) => i.owners.forEach((c) => referenced.add(c)));
  kinds.forEach((k) => k.agencyCodes.forEach((c) => referenced.add(c)));
  return [...referenced];
}

/** Reads a stored plan into a PlanDocument: what the export writes and what an import compares against. */
@Injectable()
export class PlanDocumentReader {
  constructor(
    private readonly rows: PlanDocumentRepository,
    private readonly agencies: AgenciesRepository,
    private readonly regimes: RegimesRepository,
    private readonly accounts: AuthRepository,
    private readonly groups: AgencyGroupsRepository,
    private readonly capitalPhases: CapitalPhasesRepository,
  ) {}

  /** The plan as a document; null when the code is unknown. */
  async load(planCode: string, em?: EntityManager): Promise<PlanDocument | null> {
    const plan = await this.rows.planHeader(planCode, em);
    if (!plan) return null;
    const regime = await this.regimes.firstRegimeOf(plan.id, em);
    const targets: GroupTargets = { tasks: new Map(), indicators: new Map(), kinds: new Map() };
    const sectionsById = new Map<string, DocSection>();
    const sections = await this.sections(plan.id, em, targets.tasks, sectionsById);
    const capitalPhases = await this.phaseCapital(plan.id, sectionsById, targets.tasks, em);
    const indicators = await this.indicators(plan.id, em, targets.indicators);
    const kinds: DocKind[] = (regime ? await this.regimes.kindDraftsOf(regime.id, em) : []).map((k) => ({
      ...k,
      agencyCodes: sortCodes(k.agencyCodes),
    }));
    const groups = (await this.groups.groupsOfPlan(plan.id, em)).map(docGroup);
    if (groups.length) {
      const kindIds = new Map((await this.regimes.kindsOfPlan(plan.id, em)).map((k) => [k.code, k.id]));
      for (const k of kinds) if (kindIds.has(k.code)) targets.kinds.set(kindIds.get(k.code)!, k);
      attachGroups(groups, await this.groups.refsOfPlan(plan.id, em), targets);
    }
    const referenced = [...referencedAgencyCodes(plan, sections, indicators, kinds), ...groups.flatMap((g) => g.members)];
    const agencies = await this.agencies.profilesOfCodes(referenced, em);
    return {
      plan: { ...planPart(plan), ...(capitalPhases.length ? { capitalPhases } : {}) },
      regime: regime
        ? { code: regime.code, name: regime.name, legalBasis: regime.legalBasis, rollForward: regime.rollForward }
        : { ...DEFAULT_REGIME },
      agencies,
      sections,
      indicators,
      kinds,
      accounts: await this.agencyAccounts(agencies, em),
      ...(groups.length ? { groups } : {}),
    };
  }

  /** The accounts of the plan's agencies but administrators (the workbook's accounts sheet). */
  private async agencyAccounts(agencies: { code: string }[], em?: EntityManager): Promise<DocAccount[]> {
    const codes = agencies.map((a) => a.code);
    const rows = await this.accounts.accountsOfAgencies(codes, em);
    return rows.map((r) => ({
      username: r.username,
      displayName: r.displayName,
      email: r.email,
      role: r.role as DocAccount['role'],
      agency: r.agencyCode,
    }));
  }

  /** The plan's sections, each with its task tree (children under their parents, by position). */
  private async sections(
    planId: string,
    em?: EntityManager,
    byId = new Map<string, DocTask>(),
    sectionsById = new Map<string, DocSection>(),
  ): Promise<DocSection[]> {
    const sectionRows = await this.rows.sections(planId, em);
    const sections: DocSection[] = sectionRows.map((s) => ({
      code: s.code,
      title: s.title,
      capitalTotal: normalizeDecimal(s.capital_total),
      capitalStateBudget: normalizeDecimal(s.capital_state_budget),
      capitalNonStateBudget: normalizeDecimal(s.capital_non_state_budget),
      tasks: [],
    }));
    const sectionById = new Map(sectionRows.map((s, i) => [s.id, sections[i]]));
    sectionById.forEach((section, id) => sectionsById.set(id, section));
    const taskRows = await this.rows.tasks(planId, em);
    const tasks = new Map(taskRows.map((t) => [t.id, docTask(t)]));
    tasks.forEach((task, id) => byId.set(id, task));
    for (const m of await this.rows.milestones(planId, em)) {
      tasks.get(m.task_id)?.milestones.push({ title: m.title, timeline: timelineOf(m) as Timeline });
    }
    for (const t of taskRows) {
      const task = tasks.get(t.id)!;
      const parent = t.parent_id ? tasks.get(t.parent_id) : undefined;
      if (parent) parent.children.push(task);
      else if (t.section_id && sectionById.has(t.section_id)) sectionById.get(t.section_id)!.tasks.push(task);
    }
    return sections;
  }

  /** The plan's capital phases, with each section's and task's figures put on it (phase order). */
  private async phaseCapital(
    planId: string,
    sections: Map<string, DocSection>,
    tasks: Map<string, DocTask>,
    em?: EntityManager,
  ): Promise<CapitalPhaseSpan[]> {
    const phases = await this.capitalPhases.phasesOf(planId, em);
    if (phases.length === 0) return [];
    const labels = new Map(phases.map((p) => [p.id, phaseLabel({ startYear: p.start_year, endYear: p.end_year })]));
    for (const r of await this.capitalPhases.capitalOfPlan(planId, em)) {
      const target: DocSection | DocTask | undefined = r.section_id ? sections.get(r.section_id) : tasks.get(r.task_id ?? '');
      if (!target) continue;
      const figures = { phase: labels.get(r.phase_id)!, total: r.total, stateBudget: r.state_budget, nonStateBudget: r.non_state_budget };
      target.capitalByPhase = [...(target.capitalByPhase ?? []), figures];
    }
    return phases.map((p) => ({ startYear: p.start_year, endYear: p.end_year }));
  }

  private async indicators(planId: string, em?: EntityManager, byId = new Map<string, DocIndicator>()): Promise<DocIndicator[]> {
    const rows = await this.rows.indicators(planId, em);
    const out = rows.map((i) => ({
      code: i.code,
      name: i.name,
      unit: i.unit,
      aggregation: i.aggregation,
      ...(i.question ? { question: i.question } : {}),
      taskCode: i.task_code,
      owners: i.owners,
      targets: i.targets.map((x) => ({
        year: x.year,
        comparator: x.comparator,
        value: normalizeDecimal(x.value),
        valueTo: normalizeDecimal(x.value_to ?? null),
        note: x.note ?? null,
      })),
    }));
    rows.forEach((r, n) => byId.set(r.id, out[n]));
    return out;
  }
}
