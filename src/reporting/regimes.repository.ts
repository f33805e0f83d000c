import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SqlRepository } from '../database/sql-repository';
import type { KindFeed, ReminderRule } from './regime.types';
import { ReportKind } from './report-kind.entity';
import type { KindDraft } from './report-kind-rules';
import type { ReportKindView } from './reporting.service';

/** A regime's own fields. */
export interface RegimeFields {
  code: string;
  name: string;
  legalBasis: string | null;
  rollForward: boolean;
}

export interface RegimeRecord extends RegimeFields {
  id: string;
}

/** A regime with its report kinds as the API shows them. */
export interface RegimeViewRow {
  code: string;
  name: string;
  legal_basis: string | null;
  roll_forward: boolean;
  kinds: ReportKindView[];
}

/** What an administrator changes on a regime: undefined keeps, `legalBasis: null` clears. */
export interface RegimeChanges {
  name?: string;
  legalBasis?: string | null;
  rollForward?: boolean;
}

/** A report kind as a plan document holds it: its draft and name, agency codes by code. */
export interface NamedKindDraft extends KindDraft {
  name: string;
}

/** The first regime of a plan: an imported plan may have several, the oldest is the one written to. */
const FIRST_REGIME =
  'SELECT id, code, name, legal_basis, roll_forward FROM reporting_regimes WHERE plan_id = $1 ORDER BY created_at, code LIMIT 1';

/** Columns frequency .. reminder_rules, then years and form, in INSERT/UPDATE order; rules as JSON text. */
function draftColumns(d: KindDraft): unknown[] {
  const json = (v: unknown) => (v === null ? null : JSON.stringify(v));
  return [
    d.frequency,
    d.slots,
    d.periodLabel,
    json(d.opensRule),
    json(d.dueRule),
    json(d.dataWindow),
    json(d.consolidationDueRule),
    d.fixedOpensDate,
    d.fixedDueDate,
    d.namedDayCounts,
    d.owedBy,
    JSON.stringify(d.reminderRules),
    d.years,
    d.form,
  ];
}

interface KindDocumentRow {
  code: string;
  name: string;
  frequency: KindDraft['frequency'];
  slots: number[];
  years: number[];
  form: KindDraft['form'];
  period_label: string;
  opens_rule: KindDraft['opensRule'];
  due_rule: KindDraft['dueRule'];
  data_window: KindDraft['dataWindow'];
  consolidation_due_rule: KindDraft['consolidationDueRule'];
  fixed_opens: string | null;
  fixed_due: string | null;
  named_day_counts: boolean;
  owed_by: KindDraft['owedBy'];
  agency_codes: string[];
  reminder_rules: ReminderRule[];
  feeds: KindFeed | null;
}

/** The plan and, when it has one, the kind a report chain names: what the chain's checks need. */
export interface FeedTargetRow {
  plan_id: string;
  plan_code: string;
  kind_id: string | null;
  frequency: KindDraft['frequency'] | null;
  form: KindDraft['form'] | null;
  owed_by: KindDraft['owedBy'] | null;
}

/** A period a final consolidated report feeds: the fed kind's period of the same year and slot, and whether the agency owes it. */
export interface FedPeriodRow {
  /** The feeding period's own plan. */
  source_plan_code: string;
  kind_code: string;
  plan_code: string;
  period_id: string | null;
  label: string | null;
  locked: boolean;
  owes: boolean;
}

/** Reporting regimes, their report kinds and the agencies a kind lists. */
@Injectable()
export class RegimesRepository extends SqlRepository {
  constructor(dataSource: DataSource) {
    super(dataSource);
  }

  /** The plan's regimes by code, each with its kinds by position, as GET /api/plans/:code/regime answers. */
  regimeViewsOf(planId: string, em?: EntityManager): Promise<RegimeViewRow[]> {
    return this.rows<RegimeViewRow>(
      `SELECT r.code, r.name, r.legal_basis, r.roll_forward,
              coalesce(json_agg(json_build_object(
                'code', k.code, 'name', k.name, 'frequency', k.frequency, 'slots', k.slots, 'years', k.years, 'form', k.form,
                'periodLabel', k.period_label,
                'opensRule', k.opens_rule, 'dueRule', k.due_rule, 'dataWindow', k.data_window, 'consolidationDueRule', k.consolidation_due_rule,
                'fixedOpensDate', to_char(k.fixed_opens_date, 'YYYY-MM-DD'), 'fixedDueDate', to_char(k.fixed_due_date, 'YYYY-MM-DD'),
                'namedDayCounts', k.named_day_counts, 'owedBy', k.owed_by, 'reminderRules', k.reminder_rules,
                'feeds', (SELECT json_build_object('planCode', fp.code, 'kindCode', fk.code) FROM report_kinds fk JOIN reporting_regimes fr ON fr.id = fk.regime_id
                          JOIN plans fp ON fp.id = fr.plan_id WHERE fk.id = k.feeds_kind_id),
                'agencyCodes', coalesce((SELECT json_agg(a.code ORDER BY a.code) FROM report_kind_agencies ka JOIN agencies a ON a.id = ka.agency_id
                                          WHERE ka.report_kind_id = k.id), '[]'::json)
              ) ORDER BY k.position, k.code) FILTER (WHERE k.id IS NOT NULL), '[]') AS kinds
       FROM reporting_regimes r LEFT JOIN report_kinds k ON k.regime_id = r.id
       WHERE r.plan_id = $1 GROUP BY r.id ORDER BY r.code`,
      [planId],
      em,
    );
  }

  /** The plan's first regime (the oldest, then by code), or undefined when it has none. */
  async firstRegimeOf(planId: string, em?: EntityManager): Promise<RegimeRecord | undefined> {
    const row = await this.first<{ id: string; code: string; name: string; legal_basis: string | null; roll_forward: boolean }>(
      FIRST_REGIME,
      [planId],
      em,
    );
    return row && { id: row.id, code: row.code, name: row.name, legalBasis: row.legal_basis, rollForward: row.roll_forward };
  }

  async insertRegime(planId: string, r: RegimeFields, em?: EntityManager): Promise<string> {
    const row = await this.first<{ id: string }>(
      'INSERT INTO reporting_regimes (plan_id, code, name, legal_basis, roll_forward) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [planId, r.code, r.name, r.legalBasis, r.rollForward],
      em,
    );
    return row!.id;
  }

  async updateRegime(regimeId: string, c: RegimeChanges, em?: EntityManager): Promise<void> {
    await this.change(
      `UPDATE reporting_regimes SET name = coalesce($2, name), legal_basis = CASE WHEN $3 THEN $4 ELSE legal_basis END,
         roll_forward = coalesce($5, roll_forward), updated_at = now() WHERE id = $1`,
      [regimeId, c.name ?? null, c.legalBasis !== undefined, c.legalBasis ?? null, c.rollForward ?? null],
      em,
    );
  }

  /** Writes the plan's regime (an import): replaces the first one's fields, or creates it. Answers its id. */
  async upsertForPlan(planId: string, r: RegimeFields, em?: EntityManager): Promise<string> {
    const existing = await this.first<{ id: string }>(FIRST_REGIME, [planId], em);
    if (!existing) return this.insertRegime(planId, r, em);
    await this.change(
      'UPDATE reporting_regimes SET code = $2, name = $3, legal_basis = $4, roll_forward = $5, updated_at = now() WHERE id = $1',
      [existing.id, r.code, r.name, r.legalBasis, r.rollForward],
      em,
    );
    return existing.id;
  }

  /** Plans with a regime whose deadlines roll forward over days off. */
  async rollForwardPlanIds(em?: EntityManager): Promise<string[]> {
    const rows = await this.rows<{ plan_id: string }>('SELECT DISTINCT plan_id FROM reporting_regimes WHERE roll_forward', [], em);
    return rows.map((r) => r.plan_id);
  }

  /** Every report kind of the plan's regimes, each with its regime loaded. */
  kindsOfPlan(planId: string, em?: EntityManager): Promise<ReportKind[]> {
    return this.db(em)
      .getRepository(ReportKind)
      .createQueryBuilder('k')
      .innerJoinAndSelect('k.regime', 'r')
      .where('r.plan_id = :planId', { planId })
      .getMany();
  }

  async kindCodeTaken(regimeId: string, code: string, em?: EntityManager): Promise<boolean> {
    return (await this.first('SELECT 1 FROM report_kinds WHERE regime_id = $1 AND code = $2', [regimeId, code], em)) !== undefined;
  }

  /** The kind with this code in the plan's first regime that has one, or null. */
  async kindByCode(planId: string, code: string, em?: EntityManager): Promise<ReportKind | null> {
    const row = await this.first<{ id: string }>(
      `SELECT k.id FROM report_kinds k JOIN reporting_regimes r ON r.id = k.regime_id
       WHERE r.plan_id = $1 AND k.code = $2 ORDER BY r.created_at, r.code LIMIT 1`,
      [planId, code],
      em,
    );
    return row ? this.db(em).getRepository(ReportKind).findOneBy({ id: row.id }) : null;
  }

  /** Codes of the agencies the kind lists, by code. */
  async kindAgencyCodes(kindId: string, em?: EntityManager): Promise<string[]> {
    const rows = await this.rows<{ code: string }>(
      'SELECT a.code FROM report_kind_agencies ka JOIN agencies a ON a.id = ka.agency_id WHERE ka.report_kind_id = $1 ORDER BY a.code',
      [kindId],
      em,
    );
    return rows.map((r) => r.code);
  }

  /** Adds a kind; without a position it goes after the regime's last one. Answers its id. */
  async insertKind(regimeId: string, name: string, d: KindDraft, position: number | null, em?: EntityManager): Promise<string> {
    const row = await this.first<{ id: string }>(
      `INSERT INTO report_kinds (regime_id, code, name, frequency, slots, period_label, opens_rule, due_rule, data_window,
         consolidation_due_rule, fixed_opens_date, fixed_due_date, named_day_counts, owed_by, reminder_rules, years, form, position)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
               coalesce($18, (SELECT coalesce(max(position), 0) + 1 FROM report_kinds WHERE regime_id = $1)))
       RETURNING id`,
      [regimeId, d.code, name, ...draftColumns(d), position],
      em,
    );
    return row!.id;
  }

  /** Replaces the kind's rules with the draft's; name and position only when given (not null). */
  async updateKind(kindId: string, name: string | null, d: KindDraft, position: number | null, em?: EntityManager): Promise<void> {
    await this.change(
      `UPDATE report_kinds SET name = coalesce($2, name), frequency = $3, slots = $4, period_label = $5, opens_rule = $6, due_rule = $7,
         data_window = $8, consolidation_due_rule = $9, fixed_opens_date = $10, fixed_due_date = $11, named_day_counts = $12,
         owed_by = $13, reminder_rules = $14, years = $15, form = $16, position = coalesce($17, position), updated_at = now()
       WHERE id = $1`,
      [kindId, name, ...draftColumns(d), position],
      em,
    );
  }

  /** Creates the kind in the regime or replaces its fields (an import); answers its id. */
  async upsertKind(regimeId: string, k: NamedKindDraft, position: number, em?: EntityManager): Promise<string> {
    const row = await this.first<{ id: string }>(
      `INSERT INTO report_kinds (regime_id, code, name, frequency, slots, period_label, opens_rule, due_rule, data_window, consolidation_due_rule,
         fixed_opens_date, fixed_due_date, named_day_counts, owed_by, reminder_rules, years, form, position)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
       ON CONFLICT (regime_id, code) DO UPDATE SET name = EXCLUDED.name, frequency = EXCLUDED.frequency, slots = EXCLUDED.slots,
         period_label = EXCLUDED.period_label, opens_rule = EXCLUDED.opens_rule, due_rule = EXCLUDED.due_rule, data_window = EXCLUDED.data_window,
         consolidation_due_rule = EXCLUDED.consolidation_due_rule, fixed_opens_date = EXCLUDED.fixed_opens_date,
         fixed_due_date = EXCLUDED.fixed_due_date, named_day_counts = EXCLUDED.named_day_counts, owed_by = EXCLUDED.owed_by,
         reminder_rules = EXCLUDED.reminder_rules, years = EXCLUDED.years, form = EXCLUDED.form, position = EXCLUDED.position,
         updated_at = now()
       RETURNING id`,
      [regimeId, k.code, k.name, ...draftColumns(k), position],
      em,
    );
    return row!.id;
  }

  /** Deletes the regime's kinds whose code is not among these (their periods go with them). */
  async deleteKindsNotIn(regimeId: string, codes: string[], em?: EntityManager): Promise<void> {
    await this.change('DELETE FROM report_kinds WHERE regime_id = $1 AND code <> ALL($2)', [regimeId, codes], em);
  }

  async replaceKindAgencies(kindId: string, agencyIds: string[], em?: EntityManager): Promise<void> {
    await this.change('DELETE FROM report_kind_agencies WHERE report_kind_id = $1', [kindId], em);
    await this.rows(
      'INSERT INTO report_kind_agencies (report_kind_id, agency_id) SELECT $1::uuid, unnest($2::uuid[])',
      [kindId, agencyIds],
      em,
    );
  }

  /** The regime's kinds by position, as a plan document holds them. */
  async kindDraftsOf(regimeId: string, em?: EntityManager): Promise<NamedKindDraft[]> {
    const rows = await this.rows<KindDocumentRow>(
      `SELECT k.*, to_char(k.fixed_opens_date, 'YYYY-MM-DD') AS fixed_opens, to_char(k.fixed_due_date, 'YYYY-MM-DD') AS fixed_due,
              coalesce((SELECT array_agg(a.code ORDER BY a.code) FROM report_kind_agencies ka JOIN agencies a ON a.id = ka.agency_id WHERE ka.report_kind_id = k.id), '{}') AS agency_codes,
              (SELECT json_build_object('planCode', fp.code, 'kindCode', fk.code) FROM report_kinds fk JOIN reporting_regimes fr ON fr.id = fk.regime_id
                          JOIN plans fp ON fp.id = fr.plan_id WHERE fk.id = k.feeds_kind_id) AS feeds
       FROM report_kinds k WHERE k.regime_id = $1 ORDER BY k.position, k.code`,
      [regimeId],
      em,
    );
    return rows.map((k) => ({
      code: k.code,
      name: k.name,
      frequency: k.frequency,
      slots: k.slots,
      years: k.years,
      form: k.form,
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
      ...(k.feeds ? { feeds: k.feeds } : {}),
    }));
  }

  /** The plan named by a report chain and its kind of this code (null columns: the plan has no such kind); undefined: no such plan. */
  feedTarget(planCode: string, kindCode: string, em?: EntityManager): Promise<FeedTargetRow | undefined> {
    return this.first<FeedTargetRow>(
      `SELECT p.id AS plan_id, p.code AS plan_code, k.id AS kind_id, k.frequency, k.form, k.owed_by
       FROM plans p LEFT JOIN LATERAL (
         SELECT k.* FROM report_kinds k JOIN reporting_regimes r ON r.id = k.regime_id WHERE r.plan_id = p.id AND k.code = $2
         ORDER BY r.created_at, r.code LIMIT 1) k ON true
       WHERE p.code = $1`,
      [planCode, kindCode],
      em,
    );
  }

  /** The plans a kind's chain reaches, following each fed kind's own chain (a loop ends: UNION keeps each kind once). */
  async chainPlanIds(kindId: string, em?: EntityManager): Promise<string[]> {
    const rows = await this.rows<{ plan_id: string }>(
      `WITH RECURSIVE chain AS (
         SELECT id, feeds_kind_id, regime_id FROM report_kinds WHERE id = $1
         UNION SELECT k.id, k.feeds_kind_id, k.regime_id FROM report_kinds k JOIN chain c ON k.id = c.feeds_kind_id)
       SELECT DISTINCT r.plan_id FROM chain JOIN reporting_regimes r ON r.id = chain.regime_id`,
      [kindId],
      em,
    );
    return rows.map((r) => r.plan_id);
  }

  /** Whether the agency is ever among those who owe the kind (listed on it, or with a task in its plan). */
  async kindCouldBeOwedBy(kindId: string, agencyId: string, em?: EntityManager): Promise<boolean> {
    const row = await this.first(
      `SELECT 1 FROM report_kinds k JOIN reporting_regimes r ON r.id = k.regime_id
       WHERE k.id = $1 AND ((k.owed_by = 'listed' AND EXISTS (SELECT 1 FROM report_kind_agencies ka WHERE ka.report_kind_id = k.id AND ka.agency_id = $2))
         OR (k.owed_by = 'task_agencies' AND EXISTS (SELECT 1 FROM tasks t JOIN task_assignments ta ON ta.task_id = t.id WHERE t.plan_id = r.plan_id AND ta.agency_id = $2)))`,
      [kindId, agencyId],
      em,
    );
    return row !== undefined;
  }

  /** The plan's recipient agency (the body its consolidated report is sent to), or null. */
  async planRecipient(planId: string, em?: EntityManager): Promise<{ id: string; name: string } | null> {
    const row = await this.first<{ id: string; name: string }>(
      'SELECT a.id, a.name FROM plans p JOIN agencies a ON a.id = p.recipient_agency_id WHERE p.id = $1',
      [planId],
      em,
    );
    return row ?? null;
  }

  /** Sets (or, with null, clears) the kind of another plan this kind feeds. */
  async setKindFeed(kindId: string, feedsKindId: string | null, em?: EntityManager): Promise<void> {
    await this.change(
      'UPDATE report_kinds SET feeds_kind_id = $2 WHERE id = $1 AND feeds_kind_id IS DISTINCT FROM $2',
      [kindId, feedsKindId],
      em,
    );
  }

  /**
   * The period a final consolidation of `periodId` feeds: the fed kind's period with the same year
   * and slot (null columns when the fed plan has none), and whether `agencyId` owes it; undefined
   * when the period's kind feeds nothing.
   */
  fedPeriod(periodId: string, agencyId: string | null, em?: EntityManager): Promise<FedPeriodRow | undefined> {
    return this.first<FedPeriodRow>(
      `SELECT (SELECT code FROM plans WHERE id = p.plan_id) AS source_plan_code, fk.code AS kind_code, fp.code AS plan_code, q.id AS period_id, q.label, q.locked_at IS NOT NULL AS locked,
              coalesce(q.id IS NOT NULL AND EXISTS (SELECT 1 FROM owing_agencies(q.id) o WHERE o.agency_id = $2), false) AS owes
       FROM reporting_periods p JOIN report_kinds k ON k.id = p.report_kind_id
       JOIN report_kinds fk ON fk.id = k.feeds_kind_id JOIN reporting_regimes fr ON fr.id = fk.regime_id JOIN plans fp ON fp.id = fr.plan_id
       LEFT JOIN reporting_periods q ON q.report_kind_id = fk.id AND q.year = p.year AND q.slot = p.slot
       WHERE p.id = $1`,
      [periodId, agencyId],
      em,
    );
  }

  /** Codes, among these, of the plan's report kinds that agencies have sent reports for. */
  async reportedKindCodes(planId: string, codes: string[], em?: EntityManager): Promise<string[]> {
    const rows = await this.rows<{ code: string }>(
      `SELECT DISTINCT k.code FROM report_kinds k JOIN reporting_regimes r ON r.id = k.regime_id JOIN reporting_periods p ON p.report_kind_id = k.id
       JOIN agency_reports a ON a.period_id = p.id WHERE r.plan_id = $1 AND k.code = ANY($2) ORDER BY k.code`,
      [planId, codes],
      em,
    );
    return rows.map((r) => r.code);
  }
}
