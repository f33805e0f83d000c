import { EntityManager } from 'typeorm';
import { AppError } from '../../common/errors';
import { syncPeriodsOrRefuse } from '../../reporting/sync-or-refuse';
import { timelineColumns } from '../timeline-rules';
import { SHEETS } from './layout';
import type { CellError } from './workbook-read';
import { DocAgency, flattenTasks, loadPlanDocument, PlanDocument } from './plan-document';

export type ChangeEntity = 'plan' | 'agency' | 'section' | 'task' | 'indicator' | 'reportKind';

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
  section: 'Phụ lục',
  task: 'Nhiệm vụ',
  indicator: 'Chỉ tiêu',
  reportKind: 'Loại báo cáo',
};

/** The document as comparable records, one per thing the import creates or updates. */
function records(
  doc: PlanDocument,
  agencies: DocAgency[],
): Map<string, { entity: ChangeEntity; code: string; value: Record<string, unknown> }> {
  const out = new Map<string, { entity: ChangeEntity; code: string; value: Record<string, unknown> }>();
  const put = (entity: ChangeEntity, code: string, value: Record<string, unknown>) => out.set(`${entity}:${code}`, { entity, code, value });
  put('plan', doc.plan.code, { ...doc.plan, regime: doc.regime });
  for (const a of agencies) put('agency', a.code, { ...a });
  for (const [i, s] of doc.sections.entries()) {
    const { tasks: _t, ...rest } = s;
    put('section', s.code, { ...rest, position: i + 1 });
  }
  for (const { section, parent, task, position } of flattenTasks(doc.sections)) {
    const { children: _c, ...rest } = task;
    put('task', task.code, { ...rest, section: section.code, parent: parent?.code ?? null, position });
  }
  for (const [i, ind] of doc.indicators.entries()) put('indicator', ind.code, { ...ind, position: i + 1 });
  for (const [i, k] of doc.kinds.entries()) put('reportKind', k.code, { ...k, position: i + 1 });
  return out;
}

/** JSON with object keys sorted, so stored jsonb and parsed values compare by content. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}

/** What importing `next` over `before` (null: a new plan) creates, updates, leaves and removes. */
export function diffPlans(before: PlanDocument | null, next: PlanDocument, storedAgencies: DocAgency[]): PlanChanges {
  const stored = new Map(storedAgencies.map((a) => [a.code, a]));
  const old = before ? records(before, []) : new Map();
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

/** Every agency in the system, as the workbook reader matches names against them. */
export async function storedAgencies(em: EntityManager): Promise<DocAgency[]> {
  const rows = (await em.query(
    'SELECT code, kind, name, short_name, emails, requires_head_sign_off FROM agencies ORDER BY code',
  )) as Record<string, any>[];
  return rows.map((a) => ({
    code: a.code,
    kind: a.kind,
    name: a.name,
    shortName: a.short_name,
    emails: a.emails,
    requiresHeadSignOff: a.requires_head_sign_off,
  }));
}

/** Refuses removals that would lose reported data: a task, indicator or report kind with reports. */
async function removalErrors(em: EntityManager, planId: string, changes: PlanChanges): Promise<CellError[]> {
  const errors: CellError[] = [];
  const codes = (entity: ChangeEntity) => changes.removed.filter((c) => c.entity === entity).map((c) => c.code);
  const reportedTasks = (await em.query(
    `SELECT DISTINCT t.code FROM tasks t JOIN report_task_entries e ON e.task_id = t.id WHERE t.plan_id = $1 AND t.code = ANY($2) ORDER BY t.code`,
    [planId, codes('task')],
  )) as { code: string }[];
  for (const t of reportedTasks) {
    errors.push({
      sheet: '',
      row: null,
      column: null,
      message: `Nhiệm vụ "${t.code}" đã có trong báo cáo của các cơ quan nên không thể bỏ khỏi kế hoạch; hãy giữ lại dòng của nhiệm vụ này.`,
    });
  }
  const reportedIndicators = (await em.query(
    `SELECT DISTINCT i.code FROM indicators i JOIN report_indicator_values v ON v.indicator_id = i.id WHERE i.plan_id = $1 AND i.code = ANY($2) ORDER BY i.code`,
    [planId, codes('indicator')],
  )) as { code: string }[];
  for (const i of reportedIndicators) {
    errors.push({
      sheet: SHEETS.indicators,
      row: null,
      column: null,
      message: `Chỉ tiêu "${i.code}" đã có số liệu báo cáo nên không thể bỏ khỏi kế hoạch.`,
    });
  }
  const reportedKinds = (await em.query(
    `SELECT DISTINCT k.code FROM report_kinds k JOIN reporting_regimes r ON r.id = k.regime_id JOIN reporting_periods p ON p.report_kind_id = k.id
     JOIN agency_reports a ON a.period_id = p.id WHERE r.plan_id = $1 AND k.code = ANY($2) ORDER BY k.code`,
    [planId, codes('reportKind')],
  )) as { code: string }[];
  for (const k of reportedKinds) {
    errors.push({
      sheet: SHEETS.kinds,
      row: null,
      column: null,
      message: `Loại báo cáo "${k.code}" đã có báo cáo của các cơ quan nên không thể bỏ khỏi chế độ báo cáo.`,
    });
  }
  return errors;
}

export class ImportRefused extends Error {
  constructor(readonly errors: CellError[]) {
    super('import refused');
  }
}

/**
 * Writes the document in the caller's transaction: creates what is new, updates what differs,
 * deletes what the workbook no longer lists, and re-plans the periods. Answers the changes.
 */
export async function applyPlanDocument(em: EntityManager, doc: PlanDocument): Promise<{ planId: string; changes: PlanChanges }> {
  await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`plan-import:${doc.plan.code}`]);
  const agenciesBefore = await storedAgencies(em);
  const before = await loadPlanDocument(em, doc.plan.code);
  const changes = diffPlans(before, doc, agenciesBefore);

  for (const a of doc.agencies) {
    await em.query(
      `INSERT INTO agencies (code, kind, name, short_name, emails, requires_head_sign_off) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (code) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name, short_name = EXCLUDED.short_name,
         emails = EXCLUDED.emails, requires_head_sign_off = EXCLUDED.requires_head_sign_off, updated_at = now()
       WHERE (agencies.kind, agencies.name, agencies.short_name, agencies.emails, agencies.requires_head_sign_off)
         IS DISTINCT FROM (EXCLUDED.kind, EXCLUDED.name, EXCLUDED.short_name, EXCLUDED.emails, EXCLUDED.requires_head_sign_off)`,
      [a.code, a.kind, a.name, a.shortName, a.emails, a.requiresHeadSignOff],
    );
  }
  const agencyIds = new Map(
    ((await em.query('SELECT id, code FROM agencies')) as { id: string; code: string }[]).map((r) => [r.code, r.id]),
  );
  const ids = (codes: string[]) => codes.map((c) => agencyIds.get(c)!);

  const p = doc.plan;
  const [{ id: planId }] = (await em.query(
    `INSERT INTO plans (code, title, issuing_body, document_number, document_date, legal_basis, start_year, end_year, coordinating_agency_id, recipient_agency_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (code) DO UPDATE SET title = EXCLUDED.title, issuing_body = EXCLUDED.issuing_body, document_number = EXCLUDED.document_number,
       document_date = EXCLUDED.document_date, legal_basis = EXCLUDED.legal_basis, start_year = EXCLUDED.start_year, end_year = EXCLUDED.end_year,
       coordinating_agency_id = EXCLUDED.coordinating_agency_id, recipient_agency_id = EXCLUDED.recipient_agency_id, updated_at = now()
     RETURNING id`,
    [
      p.code,
      p.title,
      p.issuingBody,
      p.documentNumber,
      p.documentDate,
      p.legalBasis,
      p.startYear,
      p.endYear,
      agencyIds.get(p.coordinatingAgency),
      p.recipientAgency ? agencyIds.get(p.recipientAgency) : null,
    ],
  )) as { id: string }[];

  const refused = await removalErrors(em, planId, changes);
  if (refused.length) throw new ImportRefused(refused);

  const sectionIds = new Map<string, string>();
  for (const [i, s] of doc.sections.entries()) {
    const [{ id }] = (await em.query(
      `INSERT INTO plan_sections (plan_id, code, title, position, capital_total, capital_state_budget, capital_non_state_budget)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (plan_id, code) DO UPDATE SET title = EXCLUDED.title, position = EXCLUDED.position, capital_total = EXCLUDED.capital_total,
         capital_state_budget = EXCLUDED.capital_state_budget, capital_non_state_budget = EXCLUDED.capital_non_state_budget
       RETURNING id`,
      [planId, s.code, s.title, i + 1, s.capitalTotal, s.capitalStateBudget, s.capitalNonStateBudget],
    )) as { id: string }[];
    sectionIds.set(s.code, id);
  }

  const flat = flattenTasks(doc.sections);
  const keep = flat.map((f) => f.task.code);
  // Tasks the workbook dropped lose their parent first, so RESTRICT never sees a half-deleted subtree.
  await em.query('UPDATE tasks SET parent_id = NULL WHERE plan_id = $1 AND code <> ALL($2) AND parent_id IS NOT NULL', [planId, keep]);
  await em.query('DELETE FROM tasks WHERE plan_id = $1 AND code <> ALL($2)', [planId, keep]);
  const taskIds = new Map<string, string>();
  for (const { section, parent, task: t, position } of flat) {
    const [{ id }] = (await em.query(
      `INSERT INTO tasks (plan_id, section_id, parent_id, code, title, kind, position, timeline_kind, timeline_year, timeline_end_year,
         timeline_date, timeline_text, capital_total, capital_state_budget, capital_non_state_budget, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
       ON CONFLICT (plan_id, code) DO UPDATE SET section_id = EXCLUDED.section_id, parent_id = EXCLUDED.parent_id, title = EXCLUDED.title,
         kind = EXCLUDED.kind, position = EXCLUDED.position, timeline_kind = EXCLUDED.timeline_kind, timeline_year = EXCLUDED.timeline_year,
         timeline_end_year = EXCLUDED.timeline_end_year, timeline_date = EXCLUDED.timeline_date, timeline_text = EXCLUDED.timeline_text,
         capital_total = EXCLUDED.capital_total, capital_state_budget = EXCLUDED.capital_state_budget,
         capital_non_state_budget = EXCLUDED.capital_non_state_budget, note = EXCLUDED.note, updated_at = now()
       RETURNING id`,
      [
        planId,
        sectionIds.get(section.code),
        parent ? taskIds.get(parent.code) : null,
        t.code,
        t.title,
        t.kind,
        position,
        ...timelineColumns(t.timeline),
        t.capitalTotal,
        t.capitalStateBudget,
        t.capitalNonStateBudget,
        t.note,
      ],
    )) as { id: string }[];
    taskIds.set(t.code, id);
  }
  const allTaskIds = [...taskIds.values()];
  await em.query('DELETE FROM task_assignments WHERE task_id = ANY($1)', [allTaskIds]);
  await em.query('DELETE FROM task_milestones WHERE task_id = ANY($1)', [allTaskIds]);
  for (const { task: t } of flat) {
    const id = taskIds.get(t.code)!;
    await em.query(
      `INSERT INTO task_assignments (task_id, agency_id, role)
       SELECT $1::uuid, a, 'lead' FROM unnest($2::uuid[]) a UNION ALL SELECT $1::uuid, a, 'cooperating' FROM unnest($3::uuid[]) a`,
      [id, ids(t.leads), ids(t.cooperating)],
    );
    for (const [i, m] of t.milestones.entries()) {
      await em.query(
        `INSERT INTO task_milestones (task_id, position, title, timeline_kind, timeline_year, timeline_end_year, timeline_date, timeline_text)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [id, i + 1, m.title, ...timelineColumns(m.timeline)],
      );
    }
  }
  await em.query('DELETE FROM plan_sections WHERE plan_id = $1 AND code <> ALL($2)', [planId, doc.sections.map((s) => s.code)]);

  await em.query('DELETE FROM indicators WHERE plan_id = $1 AND code <> ALL($2)', [planId, doc.indicators.map((i) => i.code)]);
  for (const [i, ind] of doc.indicators.entries()) {
    const [{ id }] = (await em.query(
      `INSERT INTO indicators (plan_id, task_id, code, name, unit, aggregation, position) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (plan_id, code) DO UPDATE SET task_id = EXCLUDED.task_id, name = EXCLUDED.name, unit = EXCLUDED.unit,
         aggregation = EXCLUDED.aggregation, position = EXCLUDED.position
       RETURNING id`,
      [planId, ind.taskCode ? taskIds.get(ind.taskCode) : null, ind.code, ind.name, ind.unit, ind.aggregation, i + 1],
    )) as { id: string }[];
    await em.query('DELETE FROM indicator_owners WHERE indicator_id = $1', [id]);
    await em.query('INSERT INTO indicator_owners (indicator_id, agency_id) SELECT $1::uuid, unnest($2::uuid[])', [id, ids(ind.owners)]);
    await em.query('DELETE FROM indicator_targets WHERE indicator_id = $1', [id]);
    for (const t of ind.targets) {
      await em.query('INSERT INTO indicator_targets (indicator_id, year, comparator, value, note) VALUES ($1, $2, $3, $4, $5)', [
        id,
        t.year,
        t.comparator,
        t.value,
        t.note,
      ]);
    }
  }

  const r = doc.regime;
  const [existingRegime] = (await em.query('SELECT id FROM reporting_regimes WHERE plan_id = $1 ORDER BY created_at, code LIMIT 1', [
    planId,
  ])) as { id: string }[];
  let regimeId: string;
  if (existingRegime) {
    regimeId = existingRegime.id;
    await em.query(
      `UPDATE reporting_regimes SET code = $2, name = $3, legal_basis = $4, roll_forward = $5, updated_at = now() WHERE id = $1`,
      [regimeId, r.code, r.name, r.legalBasis, r.rollForward],
    );
  } else {
    [{ id: regimeId }] = (await em.query(
      `INSERT INTO reporting_regimes (plan_id, code, name, legal_basis, roll_forward) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [planId, r.code, r.name, r.legalBasis, r.rollForward],
    )) as { id: string }[];
  }
  await em.query('DELETE FROM report_kinds WHERE regime_id = $1 AND code <> ALL($2)', [regimeId, doc.kinds.map((k) => k.code)]);
  const json = (v: unknown) => (v === null ? null : JSON.stringify(v));
  for (const [i, k] of doc.kinds.entries()) {
    const [{ id }] = (await em.query(
      `INSERT INTO report_kinds (regime_id, code, name, frequency, slots, period_label, opens_rule, due_rule, data_window, consolidation_due_rule,
         fixed_opens_date, fixed_due_date, named_day_counts, owed_by, reminder_rules, position)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
       ON CONFLICT (regime_id, code) DO UPDATE SET name = EXCLUDED.name, frequency = EXCLUDED.frequency, slots = EXCLUDED.slots,
         period_label = EXCLUDED.period_label, opens_rule = EXCLUDED.opens_rule, due_rule = EXCLUDED.due_rule, data_window = EXCLUDED.data_window,
         consolidation_due_rule = EXCLUDED.consolidation_due_rule, fixed_opens_date = EXCLUDED.fixed_opens_date,
         fixed_due_date = EXCLUDED.fixed_due_date, named_day_counts = EXCLUDED.named_day_counts, owed_by = EXCLUDED.owed_by,
         reminder_rules = EXCLUDED.reminder_rules, position = EXCLUDED.position, updated_at = now()
       RETURNING id`,
      [
        regimeId,
        k.code,
        k.name,
        k.frequency,
        k.slots,
        k.periodLabel,
        json(k.opensRule),
        json(k.dueRule),
        json(k.dataWindow),
        json(k.consolidationDueRule),
        k.fixedOpensDate,
        k.fixedDueDate,
        k.namedDayCounts,
        k.owedBy,
        JSON.stringify(k.reminderRules),
        i + 1,
      ],
    )) as { id: string }[];
    await em.query('DELETE FROM report_kind_agencies WHERE report_kind_id = $1', [id]);
    await em.query('INSERT INTO report_kind_agencies (report_kind_id, agency_id) SELECT $1::uuid, unnest($2::uuid[])', [
      id,
      ids(k.agencyCodes),
    ]);
  }
  try {
    await syncPeriodsOrRefuse(em, planId, 'regime');
  } catch (error) {
    if (error instanceof AppError)
      throw new ImportRefused(error.errors.map((e) => ({ sheet: SHEETS.kinds, row: null, column: null, message: e.message })));
    throw error;
  }
  return { planId, changes };
}
