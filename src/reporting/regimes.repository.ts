import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SqlRepository } from '../database/sql-repository';
import type { ReminderRule } from './regime.types';
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
              coalesce((SELECT array_agg(a.code ORDER BY a.code) FROM report_kind_agencies ka JOIN agencies a ON a.id = ka.agency_id WHERE ka.report_kind_id = k.id), '{}') AS agency_codes
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
    }));
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
