import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AgenciesRepository } from '../../agencies/agencies.repository';
import { AppError } from '../../common/errors';
import { PeriodSync } from '../../reporting/period-sync';
import { RegimesRepository } from '../../reporting/regimes.repository';
import { ReportChains } from '../../reporting/report-chains';
import { IndicatorsRepository } from '../indicators.repository';
import { PlansRepository } from '../plans.repository';
import { TasksRepository } from '../tasks.repository';
import { timelineColumns } from '../timeline-rules';
import { SHEETS } from './layout';
import type { CellError } from './workbook-read';
import { DocAgency, DocSection, DocTask, flattenTasks, PlanDocument } from './plan-document';
import { PlanDocumentReader } from './plan-document-reader';
import { PlanImportRepository } from './plan-import.repository';
import { pickIdentity } from '../plan-identity';
import { AuthRepository } from '../../auth/auth.repository';
import { unusablePasswordHash } from '../../auth/passwords';
import { SignInLinks } from '../../auth/sign-in-links.service';
import type { DocAccount } from './plan-document';
import { AgencyGroupRefRecord, AgencyGroupsRepository } from '../agency-groups.repository';
import { CapitalPhasesRepository, PhaseCapitalRecord } from '../capital-phases.repository';
import { phaseLabel } from '../capital-phases';

export type ChangeEntity = 'plan' | 'agency' | 'agencyGroup' | 'section' | 'task' | 'indicator' | 'reportKind' | 'account';

export interface Change {
  entity: ChangeEntity;
  code: string;
  /** For updates: the fields that differ. */
  fields?: string[];
}

export interface PlanChanges {
  created: Change[];
  updated: Change[];
  unchanged: Change[];
  /** What the stored plan has and the workbook no longer lists: deleted by the import. */
  removed: Change[];
}

export const ENTITY_LABELS: Record<ChangeEntity, string> = {
  plan: 'Kế hoạch',
  agency: 'Cơ quan',
  agencyGroup: 'Nhóm cơ quan',
  section: 'Phụ lục',
  task: 'Nhiệm vụ',
  indicator: 'Chỉ tiêu',
  reportKind: 'Loại báo cáo',
  account: 'Tài khoản',
};

/** One thing the import creates or updates, with its fields as compared. */
interface ComparableRecord {
  entity: ChangeEntity;
  code: string;
  value: Record<string, unknown>;
}

/** The document as comparable records, one per thing the import creates or updates. */
function records(doc: PlanDocument, agencies: DocAgency[]): Map<string, ComparableRecord> {
  const out = new Map<string, ComparableRecord>();
  const put = (entity: ChangeEntity, code: string, value: Record<string, unknown>) => out.set(`${entity}:${code}`, { entity, code, value });
  put('plan', doc.plan.code, { ...doc.plan, capitalPhases: doc.plan.capitalPhases ?? [], regime: doc.regime });
  for (const a of agencies) put('agency', a.code, { ...a });
  // A group compares by its members; "Theo loại" is only how the sheet wrote them.
  for (const [i, g] of (doc.groups ?? []).entries()) put('agencyGroup', g.code, { name: g.name, members: g.members, position: i + 1 });
  for (const [i, s] of doc.sections.entries()) {
    const { tasks: _t, ...rest } = s;
    put('section', s.code, { ...rest, capitalByPhase: s.capitalByPhase ?? [], position: i + 1 });
  }
  for (const { section, parent, task, position } of flattenTasks(doc.sections)) {
    const { children: _c, ...rest } = task;
    put('task', task.code, {
      ...rest,
      capitalByPhase: task.capitalByPhase ?? [],
      section: section.code,
      parent: parent?.code ?? null,
      position,
    });
  }
  for (const [i, ind] of doc.indicators.entries()) put('indicator', ind.code, { ...ind, position: i + 1 });
  for (const [i, { feedsSource: _f, ...k }] of doc.kinds.entries()) put('reportKind', k.code, { ...k, position: i + 1 });
  return out;
}

/** JSON with object keys sorted, so stored jsonb and parsed values compare by content. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}

/** What importing `next` over `before` (null: a new plan) creates, updates, leaves and removes. */
export function diffPlans(before: PlanDocument | null, next: PlanDocument, storedAgencies: DocAgency[]): PlanChanges {
  const stored = new Map(storedAgencies.map((a) => [a.code, a]));
  const old = before ? records(before, []) : new Map<string, ComparableRecord>();
  for (const a of next.agencies) {
    const s = stored.get(a.code);
    if (s) old.set(`agency:${a.code}`, { entity: 'agency', code: a.code, value: { ...s } });
  }
  const now = records(next, next.agencies);
  const changes: PlanChanges = { created: [], updated: [], unchanged: [], removed: [] };
  for (const [key, r] of now) {
    const o = old.get(key);
    if (!o) changes.created.push({ entity: r.entity, code: r.code });
    else {
      const fields = Object.keys(r.value).filter((f) => canonical(r.value[f]) !== canonical(o.value[f]));
      if (fields.length) changes.updated.push({ entity: r.entity, code: r.code, fields });
      else changes.unchanged.push({ entity: r.entity, code: r.code });
    }
  }
  for (const [key, o] of old) if (!now.has(key) && o.entity !== 'agency') changes.removed.push({ entity: o.entity, code: o.code });
  return changes;
}

export class ImportRefused extends Error {
  constructor(readonly errors: CellError[]) {
    super('import refused');
  }
}

/** A refusal of the whole import, pinned to a sheet only. */
const sheetError = (sheet: string, message: string): CellError => ({ sheet, row: null, column: null, message });

/** Agency ids by code, for the codes a document lists. */
type AgencyIds = (codes: string[]) => string[];

/** Task ids by code, as the import wrote them. */
type TaskIds = Map<string, string>;

/**
 * Writes a plan document in the caller's transaction: creates what is new, updates what differs,
 * deletes what the workbook no longer lists, and re-plans the periods. Agencies, the regime and
 * its report kinds are written through their own modules' repositories.
 */
@Injectable()
export class PlanImporter {
  constructor(
    private readonly imports: PlanImportRepository,
    private readonly reader: PlanDocumentReader,
    private readonly agencies: AgenciesRepository,
    private readonly plans: PlansRepository,
    private readonly tasks: TasksRepository,
    private readonly indicators: IndicatorsRepository,
    private readonly regimes: RegimesRepository,
    private readonly periods: PeriodSync,
    private readonly accounts: AuthRepository,
    private readonly links: SignInLinks,
    private readonly groups: AgencyGroupsRepository,
    private readonly capitalPhases: CapitalPhasesRepository,
    private readonly chains: ReportChains,
  ) {}

  /**
   * Writes the document; answers the plan's id, the changes, and the welcome emails of the
   * accounts it created, to enqueue once the transaction commits (sendWelcomeLinks).
   */
  async apply(em: EntityManager, doc: PlanDocument): Promise<{ planId: string; changes: PlanChanges; emailIds: string[] }> {
    await this.imports.lockPlanCode(doc.plan.code, em);
    const agenciesBefore = await this.agencies.allProfiles(em);
    const before = await this.reader.load(doc.plan.code, em);
    const changes = diffPlans(before, doc, agenciesBefore);

    const ids = await this.writeAgencies(em, doc);
    const planId = await this.writePlan(em, doc, ids);
    const refused = await this.removalErrors(em, planId, changes);
    if (refused.length) throw new ImportRefused(refused);
    const groupIds = await this.writeGroups(em, planId, doc, ids);

    const sectionIds = await this.writeSections(em, planId, doc.sections);
    const taskIds = await this.writeTasks(em, planId, doc.sections, sectionIds);
    await this.writeTaskDetails(em, doc.sections, taskIds, ids);
    await this.writeCapitalPhases(em, planId, doc, sectionIds, taskIds);
    await this.plans.deleteSectionsNotIn(
      planId,
      doc.sections.map((s) => s.code),
      em,
    );
    await this.writeIndicators(em, planId, doc, taskIds, ids);
    await this.writeRegime(em, planId, doc, ids);
    await this.writeGroupRefs(em, planId, doc, taskIds, groupIds);
    await this.replanPeriods(em, planId);
    const emailIds = await this.writeAccounts(em, doc.accounts ?? [], ids, changes);
    return { planId, changes, emailIds };
  }

  /** Queues the welcome emails of an import that has committed (a dry run has none: it never commits). */
  sendWelcomeLinks(emailIds: string[]): Promise<void> {
    return this.links.enqueue(emailIds);
  }

  /**
   * The accounts sheet: creates the accounts that do not exist, each with a welcome link (no
   * password is ever set or changed here), and updates the name, email and role of those that do;
   * none is removed. A username of another agency, or an administrator, is refused at its cell.
   */
  private async writeAccounts(em: EntityManager, accounts: DocAccount[], ids: AgencyIds, changes: PlanChanges): Promise<string[]> {
    if (accounts.length === 0) return [];
    const usernames = accounts.map((a) => a.username);
    const existing = new Map((await this.accounts.accountsByUsernames(usernames, em)).map((r) => [r.username, r]));
    const errors: CellError[] = [];
    const refuse = (a: DocAccount, column: 'usernameColumn' | 'emailColumn', message: string) =>
      errors.push({ sheet: SHEETS.accounts, row: a.source?.row ?? null, column: a.source?.[column] || null, message });
    const emailIds: string[] = [];
    for (const a of accounts) {
      const found = existing.get(a.username);
      if (found && found.agencyCode !== a.agency) {
        refuse(
          a,
          'usernameColumn',
          `Tên đăng nhập "${a.username}" đã là tài khoản của cơ quan khác (${found.agencyCode}); hãy dùng tên đăng nhập khác.`,
        );
      } else if (found?.role === 'administrator') {
        refuse(a, 'usernameColumn', `"${a.username}" là tài khoản quản trị hệ thống; tài khoản này không thay đổi bằng bảng tính.`);
      } else if (found) {
        const fields = (['displayName', 'email', 'role'] as const).filter((f) => found[f] !== a[f]);
        if (fields.length === 0) changes.unchanged.push({ entity: 'account', code: a.username });
        else {
          await this.accounts.updateAccount(found.id, { displayName: a.displayName, email: a.email, role: a.role }, em);
          changes.updated.push({ entity: 'account', code: a.username, fields });
        }
      } else if (!a.email) {
        refuse(a, 'emailColumn', `Tài khoản mới "${a.username}" cần email để nhận đường dẫn đặt mật khẩu.`);
      } else {
        const [agencyId] = ids([a.agency]);
        const account = { username: a.username, displayName: a.displayName, email: a.email, role: a.role, agencyId };
        const id = await this.accounts.insertAccount({ ...account, passwordHash: await unusablePasswordHash() }, em);
        if (!id) refuse(a, 'usernameColumn', `Tên đăng nhập "${a.username}" vừa được tạo ở nơi khác; hãy nhập lại bảng tính.`);
        else {
          emailIds.push(...(await this.links.issue(em, id, 'welcome')));
          changes.created.push({ entity: 'account', code: a.username });
        }
      }
    }
    if (errors.length) throw new ImportRefused(errors);
    return emailIds;
  }

  /** Creates or updates the document's agencies; answers a lookup of every agency's id by code. */
  private async writeAgencies(em: EntityManager, doc: PlanDocument): Promise<AgencyIds> {
    for (const a of doc.agencies) await this.agencies.upsertByCode(a, doc.plan.jurisdiction, em);
    const byCode = await this.agencies.idsByCode(em);
    return (codes) => codes.map((c) => byCode.get(c)!);
  }

  private async writePlan(em: EntityManager, doc: PlanDocument, ids: AgencyIds): Promise<string> {
    const p = doc.plan;
    const [coordinatingAgencyId] = ids([p.coordinatingAgency]);
    return this.plans.upsertByCode(
      {
        code: p.code,
        title: p.title,
        issuingBody: p.issuingBody,
        documentNumber: p.documentNumber,
        documentDate: p.documentDate,
        legalBasis: p.legalBasis,
        startYear: p.startYear,
        endYear: p.endYear,
        coordinatingAgencyId,
        recipientAgencyId: p.recipientAgency ? ids([p.recipientAgency])[0] : null,
        identity: pickIdentity(p),
      },
      em,
    );
  }

  /** Refuses removals that would lose reported data: a task, indicator or report kind with reports. */
  private async removalErrors(em: EntityManager, planId: string, changes: PlanChanges): Promise<CellError[]> {
    const codes = (entity: ChangeEntity) => changes.removed.filter((c) => c.entity === entity).map((c) => c.code);
    const tasks = await this.tasks.reportedTaskCodes(planId, codes('task'), em);
    const indicators = await this.indicators.reportedIndicatorCodes(planId, codes('indicator'), em);
    const kinds = await this.regimes.reportedKindCodes(planId, codes('reportKind'), em);
    return [
      ...tasks.map((code) =>
        sheetError(
          '',
          `Nhiệm vụ "${code}" đã có trong báo cáo của các cơ quan nên không thể bỏ khỏi kế hoạch; hãy giữ lại dòng của nhiệm vụ này.`,
        ),
      ),
      ...indicators.map((code) =>
        sheetError(SHEETS.indicators, `Chỉ tiêu "${code}" đã có số liệu báo cáo nên không thể bỏ khỏi kế hoạch.`),
      ),
      ...kinds.map((code) =>
        sheetError(SHEETS.kinds, `Loại báo cáo "${code}" đã có báo cáo của các cơ quan nên không thể bỏ khỏi chế độ báo cáo.`),
      ),
    ];
  }

  /** Creates or updates the plan's agency groups with their members (deleting those the workbook dropped); answers their ids by code. */
  private async writeGroups(em: EntityManager, planId: string, doc: PlanDocument, ids: AgencyIds): Promise<Map<string, string>> {
    const groups = doc.groups ?? [];
    await this.groups.deleteGroupsNotIn(
      planId,
      groups.map((g) => g.code),
      em,
    );
    const groupIds = new Map<string, string>();
    for (const [i, g] of groups.entries())
      groupIds.set(g.code, await this.groups.upsertGroup(planId, { ...g, position: i + 1 }, ids(g.members), em));
    return groupIds;
  }

  /** Records where each group is named (tasks, indicators, report kinds), for the export to write it back. */
  private async writeGroupRefs(em: EntityManager, planId: string, doc: PlanDocument, taskIds: TaskIds, groupIds: Map<string, string>) {
    const refs: AgencyGroupRefRecord[] = [];
    const named = (codes: string[] | undefined, target: Omit<AgencyGroupRefRecord, 'groupId'>) =>
      (codes ?? []).forEach((c) => refs.push({ groupId: groupIds.get(c)!, ...target }));
    for (const { task } of flattenTasks(doc.sections)) {
      named(task.leadGroups, { taskId: taskIds.get(task.code)!, role: 'lead' });
      named(task.cooperatingGroups, { taskId: taskIds.get(task.code)!, role: 'cooperating' });
    }
    for (const ind of doc.indicators) {
      if (ind.ownerGroups?.length) named(ind.ownerGroups, { indicatorId: (await this.indicators.idByCode(planId, ind.code, em))! });
    }
    if (doc.kinds.some((k) => k.agencyGroups?.length)) {
      const kindIds = new Map((await this.regimes.kindsOfPlan(planId, em)).map((k) => [k.code, k.id]));
      for (const k of doc.kinds) named(k.agencyGroups, { reportKindId: kindIds.get(k.code)! });
    }
    await this.groups.replaceRefs(planId, refs, em);
  }

  /** Creates or updates the sections in the workbook's order; answers their ids by code. */
  private async writeSections(em: EntityManager, planId: string, sections: DocSection[]): Promise<Map<string, string>> {
    const sectionIds = new Map<string, string>();
    for (const [i, s] of sections.entries()) sectionIds.set(s.code, await this.plans.upsertSection(planId, s, i + 1, em));
    return sectionIds;
  }

  /** Deletes the tasks the workbook dropped, then creates or updates the rest, parents first. */
  private async writeTasks(em: EntityManager, planId: string, sections: DocSection[], sectionIds: Map<string, string>): Promise<TaskIds> {
    const flat = flattenTasks(sections);
    await this.tasks.deleteTasksNotIn(
      planId,
      flat.map((f) => f.task.code),
      em,
    );
    const taskIds: TaskIds = new Map();
    for (const { section, parent, task: t, position } of flat) {
      const id = await this.tasks.upsertByCode(
        planId,
        {
          sectionId: sectionIds.get(section.code)!,
          parentId: parent ? taskIds.get(parent.code)! : null,
          code: t.code,
          title: t.title,
          kind: t.kind,
          position,
          timeline: timelineColumns(t.timeline),
          capitalTotal: t.capitalTotal,
          capitalStateBudget: t.capitalStateBudget,
          capitalNonStateBudget: t.capitalNonStateBudget,
          note: t.note,
        },
        em,
      );
      taskIds.set(t.code, id);
    }
    return taskIds;
  }

  /** Rewrites the plan's capital phases and the per-phase capital of its sections and tasks. */
  private async writeCapitalPhases(
    em: EntityManager,
    planId: string,
    doc: PlanDocument,
    sectionIds: Map<string, string>,
    taskIds: TaskIds,
  ): Promise<void> {
    const phases = doc.plan.capitalPhases ?? [];
    const ids = await this.capitalPhases.replacePhases(planId, phases, em);
    const phaseIds = new Map(phases.map((p, i) => [phaseLabel(p), ids[i]]));
    const records: PhaseCapitalRecord[] = [];
    const add = (figures: DocSection['capitalByPhase'], target: Pick<PhaseCapitalRecord, 'sectionId' | 'taskId'>) =>
      (figures ?? []).forEach((f) =>
        records.push({
          phaseId: phaseIds.get(f.phase)!,
          ...target,
          total: f.total,
          stateBudget: f.stateBudget,
          nonStateBudget: f.nonStateBudget,
        }),
      );
    for (const s of doc.sections) add(s.capitalByPhase, { sectionId: sectionIds.get(s.code)!, taskId: null });
    for (const { task } of flattenTasks(doc.sections)) add(task.capitalByPhase, { sectionId: null, taskId: taskIds.get(task.code)! });
    await this.capitalPhases.insertPhaseCapital(records, em);
  }

  /** Rewrites every task's assignments and milestones. */
  private async writeTaskDetails(em: EntityManager, sections: DocSection[], taskIds: TaskIds, ids: AgencyIds): Promise<void> {
    await this.tasks.deleteDetailsOf([...taskIds.values()], em);
    for (const { task: t } of flattenTasks(sections)) {
      const id = taskIds.get(t.code)!;
      await this.tasks.insertAssignments(id, { lead: ids(t.leads), cooperating: ids(t.cooperating) }, em);
      await this.tasks.insertMilestones(id, milestoneRecords(t), em);
    }
  }

  /** Deletes the indicators the workbook dropped; creates or updates the rest with their owners and targets. */
  private async writeIndicators(em: EntityManager, planId: string, doc: PlanDocument, taskIds: TaskIds, ids: AgencyIds): Promise<void> {
    await this.indicators.deleteIndicatorsNotIn(
      planId,
      doc.indicators.map((i) => i.code),
      em,
    );
    for (const [i, ind] of doc.indicators.entries()) {
      const id = await this.indicators.upsertByCode(
        planId,
        {
          taskId: ind.taskCode ? (taskIds.get(ind.taskCode) ?? null) : null,
          code: ind.code,
          name: ind.name,
          unit: ind.unit,
          aggregation: ind.aggregation,
          question: ind.question ?? null,
        },
        i + 1,
        em,
      );
      await this.indicators.replaceOwners(id, ids(ind.owners), em);
      await this.indicators.replaceTargets(id, ind.targets, em);
    }
  }

  /** Writes the plan's regime and its report kinds (deleting the kinds the workbook dropped). */
  private async writeRegime(em: EntityManager, planId: string, doc: PlanDocument, ids: AgencyIds): Promise<void> {
    const regimeId = await this.regimes.upsertForPlan(planId, doc.regime, em);
    await this.regimes.deleteKindsNotIn(
      regimeId,
      doc.kinds.map((k) => k.code),
      em,
    );
    const kindIds: string[] = [];
    for (const [i, k] of doc.kinds.entries()) {
      const kindId = await this.regimes.upsertKind(regimeId, k, i + 1, em);
      await this.regimes.replaceKindAgencies(kindId, ids(k.agencyCodes), em);
      kindIds.push(kindId);
    }
    await this.writeChains(em, planId, doc, kindIds, ids);
  }

  /**
   * The kinds' report chains ("Gửi tiếp"): each names a kind of another plan already in the
   * system; what cannot be (no such plan or kind, another frequency, a loop, a recipient that
   * never owes it) refuses the import at the cell.
   */
  private async writeChains(em: EntityManager, planId: string, doc: PlanDocument, kindIds: string[], ids: AgencyIds): Promise<void> {
    const recipientCode = doc.plan.recipientAgency;
    const recipient = recipientCode
      ? { id: ids([recipientCode])[0], name: doc.agencies.find((a) => a.code === recipientCode)?.name ?? recipientCode }
      : null;
    const errors: CellError[] = [];
    for (const [i, k] of doc.kinds.entries()) {
      if (!k.feeds) {
        await this.regimes.setKindFeed(kindIds[i], null, em);
        continue;
      }
      const source = { planId, planCode: doc.plan.code, kindCode: k.code, frequency: k.frequency, form: k.form, recipient };
      const resolved = await this.chains.resolve(source, k.feeds, em);
      if ('error' in resolved)
        errors.push({
          sheet: SHEETS.kinds,
          row: k.feedsSource?.row ?? null,
          column: k.feedsSource?.column ?? null,
          message: resolved.error,
        });
      else await this.regimes.setKindFeed(kindIds[i], resolved.kindId, em);
    }
    if (errors.length) throw new ImportRefused(errors);
  }

  /** Re-plans the periods; a rule the calendar cannot apply refuses the import on the kinds sheet. */
  private async replanPeriods(em: EntityManager, planId: string): Promise<void> {
    try {
      await this.periods.syncOrRefuse(planId, 'regime', em);
    } catch (error) {
      if (error instanceof AppError) throw new ImportRefused(error.errors.map((e) => sheetError(SHEETS.kinds, e.message)));
      throw error;
    }
  }
}

function milestoneRecords(t: DocTask) {
  return t.milestones.map((m) => ({ title: m.title, timeline: timelineColumns(m.timeline) }));
}
