import type { SqlDefinition } from '../database/sql-definitions';

/**
 * The report as the API reads it, and saving a draft, each in one statement (they were created by
 * migration SaveReportFunction; their source lives here, with the module that owns the report, and
 * `runMigrations` applies it whenever it changes).
 *
 * `agency_report_view` builds the report (head, task entries in the plan's order, indicator
 * values, attachments) as JSON; being PL/pgSQL its plan is cached per connection. `report-view.ts`
 * maps it to the API shape.
 *
 * `save_agency_report`: the checks (period owed, report editable, version current, every code
 * known) and the writes run inside one function call, so a save is one round trip and one
 * implicit transaction. The function refuses by returning `{"error": CODE, ...}` before it writes
 * anything; the service turns that into the HTTP answer. It answers `{"id", "view"}`, the view read
 * after its own writes.
 *
 * p_tasks: [{"taskCode", "fields": [column, ...], "data": {column: value}}]; a column is written
 * only where it is listed in "fields". p_indicators: [{"indicatorCode", "set", "value"}].
 * p_letter / p_summary: null to leave as is, or an object whose keys present are written.
 */
export const AGENCY_REPORT_VIEW: SqlDefinition = {
  name: 'agency_report_view',
  sql: `
CREATE OR REPLACE FUNCTION agency_report_view(p_report uuid) RETURNS json LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (
    WITH head AS (
      SELECT r.id, r.period_id, p.plan_id, p.label, a.code, a.name, r.state, r.version, p.due_at, r.first_submitted_at, r.submitted_at, r.on_time,
             r.return_comment, r.official_letter_number, to_char(r.official_letter_date, 'YYYY-MM-DD') AS official_letter_date,
             r.summary_assessment, r.summary_difficulties, r.summary_proposals, p.year,
             (SELECT k.form FROM report_kinds k WHERE k.id = p.report_kind_id) AS form
      FROM agency_reports r JOIN reporting_periods p ON p.id = r.period_id JOIN agencies a ON a.id = r.agency_id WHERE r.id = p_report
    )
    SELECT json_build_object(
      'id', head.id, 'periodId', head.period_id, 'periodLabel', head.label, 'agencyCode', head.code, 'agencyName', head.name,
      'form', head.form, 'state', head.state, 'version', head.version, 'dueAt', head.due_at, 'firstSubmittedAt', head.first_submitted_at,
      'submittedAt', head.submitted_at, 'onTime', head.on_time, 'returnComment', head.return_comment,
      'officialLetterNumber', head.official_letter_number, 'officialLetterDate', head.official_letter_date,
      'assessment', head.summary_assessment, 'difficulties', head.summary_difficulties, 'proposals', head.summary_proposals,
      'tasks', (SELECT coalesce(json_agg(json_build_object(
          'taskCode', t.code, 'title', t.title, 'sectionCode', s.code, 'sectionTitle', s.title, 'role', e.role, 'status', e.status, 'percentComplete', e.percent_complete,
          'capitalAllocated', trim_scale(e.capital_allocated)::text, 'capitalAllocatedStateBudget', trim_scale(e.capital_allocated_state_budget)::text,
          'capitalDisbursed', trim_scale(e.capital_disbursed)::text, 'capitalDisbursedStateBudget', trim_scale(e.capital_disbursed_state_budget)::text,
          'workDone', e.work_done, 'difficulties', e.difficulties, 'difficultyKind', e.difficulty_kind, 'resolvingLevel', e.resolving_level,
          'proposals', e.proposals, 'nextSteps', e.next_steps) ORDER BY e.role = 'cooperating', o.sort_path), '[]')
        FROM report_task_entries e JOIN tasks t ON t.id = e.task_id LEFT JOIN plan_sections s ON s.id = t.section_id
        JOIN plan_task_order(head.plan_id) o ON o.task_id = t.id
        WHERE e.report_id = head.id),
      'indicators', (SELECT coalesce(json_agg(json_build_object(
          'indicatorCode', i.code, 'name', i.name, 'unit', i.unit, 'aggregation', i.aggregation, 'question', i.question,
          'target', (SELECT trim_scale(x.value)::text FROM indicator_targets x WHERE x.indicator_id = i.id AND x.year >= head.year ORDER BY x.year LIMIT 1),
          'targetSpec', (SELECT json_build_object('year', x.year, 'comparator', x.comparator, 'value', trim_scale(x.value)::text, 'valueTo', trim_scale(x.value_to)::text)
                         FROM indicator_targets x WHERE x.indicator_id = i.id AND x.year >= head.year ORDER BY x.year LIMIT 1),
          'value', trim_scale(v.value)::text) ORDER BY i.position, i.code), '[]')
        FROM report_indicator_values v JOIN indicators i ON i.id = v.indicator_id WHERE v.report_id = head.id),
      'attachments', (SELECT coalesce(json_agg(json_build_object('id', f.id, 'name', f.name, 'size', f.size, 'sha256', f.sha256) ORDER BY f.created_at), '[]')
        FROM attachments f WHERE f.report_id = head.id))
    FROM head);
END $$`,
  // Dropped by migration SaveReportFunction's down.
  drop: null,
};

export const SAVE_AGENCY_REPORT: SqlDefinition = {
  name: 'save_agency_report',
  sql: `
CREATE OR REPLACE FUNCTION save_agency_report(p_period uuid, p_agency uuid, p_version int, p_letter jsonb, p_summary jsonb, p_tasks jsonb, p_indicators jsonb)
RETURNS json LANGUAGE plpgsql AS $$
DECLARE
  per record;
  rep record;
  bad_tasks jsonb;
  bad_indicators jsonb;
BEGIN
  SELECT p.id, p.plan_id, p.label, p.locked_at, k.form,
         EXISTS (SELECT 1 FROM owing_agencies(p.id) o WHERE o.agency_id = p_agency) AS owes
    INTO per FROM reporting_periods p JOIN report_kinds k ON k.id = p.report_kind_id WHERE p.id = p_period;
  IF NOT FOUND THEN RETURN jsonb_build_object('error', 'PERIOD_NOT_FOUND'); END IF;
  IF NOT per.owes THEN RETURN jsonb_build_object('error', 'NOT_OWED', 'label', per.label); END IF;
  -- A document kind's report is a letter: it has no task entries or indicator values to write.
  IF per.form = 'document' AND (jsonb_array_length(coalesce(p_tasks, '[]')) > 0 OR jsonb_array_length(coalesce(p_indicators, '[]')) > 0) THEN
    RETURN jsonb_build_object('error', 'DOCUMENT_FORM', 'label', per.label,
      'withTasks', jsonb_array_length(coalesce(p_tasks, '[]')) > 0, 'withIndicators', jsonb_array_length(coalesce(p_indicators, '[]')) > 0);
  END IF;

  SELECT r.id, r.state, r.version, r.reopened_at INTO rep FROM agency_reports r WHERE r.period_id = p_period AND r.agency_id = p_agency FOR UPDATE;
  IF NOT FOUND THEN RETURN jsonb_build_object('error', 'NO_REPORT'); END IF;
  IF per.locked_at IS NOT NULL AND NOT (rep.reopened_at IS NOT NULL AND rep.reopened_at >= per.locked_at) THEN
    RETURN jsonb_build_object('error', 'PERIOD_LOCKED', 'label', per.label);
  END IF;
  IF rep.state IN ('submitted', 'accepted') THEN RETURN jsonb_build_object('error', 'NOT_EDITABLE', 'state', rep.state); END IF;
  IF rep.version <> p_version THEN RETURN jsonb_build_object('error', 'STALE_VERSION', 'version', rep.version); END IF;

  SELECT jsonb_agg(jsonb_build_object('index', x.i - 1, 'code', x.v->>'taskCode') ORDER BY x.i) INTO bad_tasks
    FROM jsonb_array_elements(coalesce(p_tasks, '[]')) WITH ORDINALITY x(v, i)
    WHERE NOT EXISTS (SELECT 1 FROM report_task_entries e JOIN tasks t ON t.id = e.task_id WHERE e.report_id = rep.id AND t.code = x.v->>'taskCode');
  SELECT jsonb_agg(jsonb_build_object('index', x.i - 1, 'code', x.v->>'indicatorCode') ORDER BY x.i) INTO bad_indicators
    FROM jsonb_array_elements(coalesce(p_indicators, '[]')) WITH ORDINALITY x(v, i)
    WHERE NOT EXISTS (SELECT 1 FROM report_indicator_values rv JOIN indicators ind ON ind.id = rv.indicator_id WHERE rv.report_id = rep.id AND ind.code = x.v->>'indicatorCode');
  IF bad_tasks IS NOT NULL OR bad_indicators IS NOT NULL THEN
    RETURN jsonb_build_object('error', 'UNKNOWN_CODES', 'tasks', coalesce(bad_tasks, '[]'), 'indicators', coalesce(bad_indicators, '[]'));
  END IF;

  UPDATE report_task_entries e SET
    status = CASE WHEN x.f ? 'status' THEN x.d->>'status' ELSE e.status END,
    percent_complete = CASE WHEN x.f ? 'percent_complete' THEN (x.d->>'percent_complete')::smallint ELSE e.percent_complete END,
    capital_allocated = CASE WHEN x.f ? 'capital_allocated' THEN (x.d->>'capital_allocated')::numeric ELSE e.capital_allocated END,
    capital_allocated_state_budget = CASE WHEN x.f ? 'capital_allocated_state_budget' THEN (x.d->>'capital_allocated_state_budget')::numeric ELSE e.capital_allocated_state_budget END,
    capital_disbursed = CASE WHEN x.f ? 'capital_disbursed' THEN (x.d->>'capital_disbursed')::numeric ELSE e.capital_disbursed END,
    capital_disbursed_state_budget = CASE WHEN x.f ? 'capital_disbursed_state_budget' THEN (x.d->>'capital_disbursed_state_budget')::numeric ELSE e.capital_disbursed_state_budget END,
    work_done = CASE WHEN x.f ? 'work_done' THEN x.d->>'work_done' ELSE e.work_done END,
    difficulties = CASE WHEN x.f ? 'difficulties' THEN x.d->>'difficulties' ELSE e.difficulties END,
    difficulty_kind = CASE WHEN x.f ? 'difficulty_kind' THEN x.d->>'difficulty_kind' ELSE e.difficulty_kind END,
    resolving_level = CASE WHEN x.f ? 'resolving_level' THEN x.d->>'resolving_level' ELSE e.resolving_level END,
    proposals = CASE WHEN x.f ? 'proposals' THEN x.d->>'proposals' ELSE e.proposals END,
    next_steps = CASE WHEN x.f ? 'next_steps' THEN x.d->>'next_steps' ELSE e.next_steps END
  FROM (SELECT t.id AS task_id, v->'fields' AS f, v->'data' AS d
        FROM jsonb_array_elements(coalesce(p_tasks, '[]')) v JOIN tasks t ON t.code = v->>'taskCode' AND t.plan_id = per.plan_id) x
  WHERE e.report_id = rep.id AND e.task_id = x.task_id;

  UPDATE report_indicator_values rv SET value = CASE WHEN (x.v->>'set')::boolean THEN (x.v->>'value')::numeric ELSE rv.value END
  FROM (SELECT ind.id AS indicator_id, v FROM jsonb_array_elements(coalesce(p_indicators, '[]')) v
        JOIN indicators ind ON ind.code = v->>'indicatorCode' AND ind.plan_id = per.plan_id) x
  WHERE rv.report_id = rep.id AND rv.indicator_id = x.indicator_id;

  UPDATE agency_reports SET version = version + 1, updated_at = now(),
    official_letter_number = CASE WHEN p_letter ? 'number' THEN p_letter->>'number' ELSE official_letter_number END,
    official_letter_date = CASE WHEN p_letter ? 'date' THEN (p_letter->>'date')::date ELSE official_letter_date END,
    summary_assessment = CASE WHEN p_summary ? 'assessment' THEN p_summary->>'assessment' ELSE summary_assessment END,
    summary_difficulties = CASE WHEN p_summary ? 'difficulties' THEN p_summary->>'difficulties' ELSE summary_difficulties END,
    summary_proposals = CASE WHEN p_summary ? 'proposals' THEN p_summary->>'proposals' ELSE summary_proposals END
  WHERE id = rep.id;
  RETURN json_build_object('id', rep.id, 'view', agency_report_view(rep.id));
END $$`,
  drop: null,
};
