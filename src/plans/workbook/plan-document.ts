import type { AgencyKind } from '../../agencies/agency.entity';
import type { KindDraft } from '../../reporting/report-kind-rules';
import type { Aggregation } from '../indicator.entity';
import type { CapitalPhaseSpan, PhaseCapitalFigures } from '../capital-phases';
import type { PlanIdentitySettings } from '../plan-identity';
import type { Comparator } from '../indicator-target.entity';
import type { TaskKind } from '../task.entity';
import type { Timeline } from '../timeline';

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
    /** The plan's capital phases ("Các giai đoạn vốn"), in order; absent when it has none. */
    capitalPhases?: CapitalPhaseSpan[];
  } & PlanIdentitySettings;
  regime: { code: string; name: string; legalBasis: string | null; rollForward: boolean };
  agencies: DocAgency[];
  sections: DocSection[];
  indicators: DocIndicator[];
  kinds: DocKind[];
  /**
   * The people of the plan's agencies (sheet "Tài khoản"), when the workbook has the sheet: the
   * import creates the missing ones and never removes any. The export lists every account of
   * the plan's agencies but administrators.
   */
  accounts?: DocAccount[];
  /** The plan's agency groups (sheet "Nhóm cơ quan"), when it has any, in the sheet's order. */
  groups?: DocAgencyGroup[];
}

/**
 * A named set of the plan's agencies. `members` is complete (kind-derived ones included, codes
 * sorted); `kinds` only says how the sheet wrote it ("Theo loại") and is not compared.
 */
export interface DocAgencyGroup {
  code: string;
  name: string;
  members: string[];
  kinds: AgencyKind[];
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
  /** The section's need in each phase its total row gives (all three figures), by the plan's phase order. */
  capitalByPhase?: PhaseCapitalFigures[];
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
  /**
   * The groups the cells named (codes, sorted), when any: `leads` and `cooperating` still list
   * every agency; these only let the export write the group's name back.
   */
  leadGroups?: string[];
  cooperatingGroups?: string[];
  capitalTotal: string | null;
  capitalStateBudget: string | null;
  capitalNonStateBudget: string | null;
  /** The task's need in the phases its row gives a figure for, by the plan's phase order; absent when none. */
  capitalByPhase?: PhaseCapitalFigures[];
  note: string | null;
  milestones: DocMilestone[];
  children: DocTask[];
}

export interface DocTarget {
  year: number;
  comparator: Comparator;
  value: string;
  /** The upper bound of a `between` target ("1,5–1,9"); null otherwise. */
  valueTo: string | null;
  note: string | null;
}

export interface DocIndicator {
  code: string;
  name: string;
  unit: string;
  aggregation: Aggregation;
  /** What the report form asks each owner; required for count_yes. */
  question?: string | null;
  taskCode: string | null;
  owners: string[];
  /** The groups the owners cell named (codes, sorted), when any. */
  ownerGroups?: string[];
  targets: DocTarget[];
}

/** An account as the workbook lists it; its agency by code. No password: new users get a welcome link. */
export interface DocAccount {
  username: string;
  displayName: string;
  email: string | null;
  role: 'reporter' | 'head' | 'coordinator' | 'leader';
  agency: string;
  /** Where the sheet has it (row, column letters), for the import's errors; absent when read from the database. */
  source?: { row: number; usernameColumn: string; emailColumn: string };
}

/** A report kind as the regime admin checks it (KindDraft), with its name. */
export interface DocKind extends KindDraft {
  name: string;
  /** The groups the agencies cell named (codes, sorted), when any; `agencyCodes` lists every agency. */
  agencyGroups?: string[];
  /** Where the sheet wrote `feeds` (a report chain), for the import's errors; not compared, absent when read from the database. */
  feedsSource?: { row: number; column: string };
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

/** The stored plan as a document: kept here for the callers that import it from this file. */
