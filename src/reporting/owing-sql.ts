/**
 * `owing AS (SELECT agency_id …)`: the agencies that owe the report of the period bound to `$1`,
 * either listed on its report kind or, by default, every agency with a task in the plan. One
 * definition for the status, the reminders, the outbox and the consolidation.
 */
export const OWING_CTE = `owing AS (
    SELECT ka.agency_id FROM reporting_periods p JOIN report_kinds k ON k.id = p.report_kind_id
    JOIN report_kind_agencies ka ON ka.report_kind_id = k.id WHERE p.id = $1 AND k.owed_by = 'listed'
    UNION
    SELECT ta.agency_id FROM reporting_periods p JOIN report_kinds k ON k.id = p.report_kind_id
    JOIN tasks t ON t.plan_id = p.plan_id JOIN task_assignments ta ON ta.task_id = t.id
    WHERE p.id = $1 AND k.owed_by = 'task_agencies'
  )`;
