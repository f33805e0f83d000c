import type { SqlDefinition } from '../database/sql-definitions';

/**
 * Who owes a period's report: the agencies listed on its report kind, or, by default, every agency
 * with a task in the plan. One rule for the status page, the reminders, the outbox, the
 * consolidation and the save; other modules call this function instead of restating it. Postgres
 * inlines it (one SELECT, STABLE), so `EXISTS (SELECT 1 FROM owing_agencies($1) o WHERE
 * o.agency_id = $2)` probes one agency by index. (A scalar SQL function with a FROM would not be
 * inlined, and would be planned again on every call of the report save.)
 */
export const OWING_AGENCIES: SqlDefinition = {
  name: 'owing_agencies',
  sql: `
CREATE OR REPLACE FUNCTION owing_agencies(p_period uuid)
RETURNS TABLE (agency_id uuid) LANGUAGE sql STABLE AS $$
  SELECT ka.agency_id FROM reporting_periods p JOIN report_kinds k ON k.id = p.report_kind_id
  JOIN report_kind_agencies ka ON ka.report_kind_id = k.id WHERE p.id = p_period AND k.owed_by = 'listed'
  UNION
  SELECT ta.agency_id FROM reporting_periods p JOIN report_kinds k ON k.id = p.report_kind_id
  JOIN tasks t ON t.plan_id = p.plan_id JOIN task_assignments ta ON ta.task_id = t.id
  WHERE p.id = p_period AND k.owed_by = 'task_agencies'
$$`,
  drop: 'DROP FUNCTION IF EXISTS owing_agencies(uuid)',
};
