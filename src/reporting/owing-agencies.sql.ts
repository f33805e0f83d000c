import type { SqlDefinition } from '../database/sql-definitions';

/**
 * Who owes a period's report: the agencies listed on its report kind, or, by default, every agency
 * with a task in the plan. One rule for the status page, the reminders, the outbox, the
 * consolidation and the save; other modules call these functions instead of restating it.
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

/** Whether one agency owes the period's report (the same rule, answered by an index probe). */
export const AGENCY_OWES: SqlDefinition = {
  name: 'agency_owes',
  sql: `
CREATE OR REPLACE FUNCTION agency_owes(p_period uuid, p_agency uuid)
RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN k.owed_by = 'listed'
              THEN EXISTS (SELECT 1 FROM report_kind_agencies ka WHERE ka.report_kind_id = k.id AND ka.agency_id = p_agency)
              ELSE EXISTS (SELECT 1 FROM task_assignments ta JOIN tasks t ON t.id = ta.task_id WHERE t.plan_id = p.plan_id AND ta.agency_id = p_agency)
         END
  FROM reporting_periods p JOIN report_kinds k ON k.id = p.report_kind_id WHERE p.id = p_period
$$`,
  drop: 'DROP FUNCTION IF EXISTS agency_owes(uuid, uuid)',
};
