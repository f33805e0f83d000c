import type { SqlDefinition } from '../database/sql-definitions';

/**
 * The one order of a plan's tasks, as the plan's text reads: sections by position then code
 * (tasks without a section after every section), then depth-first by each task's position. The
 * API's task list, the report form, the consolidated report and the exports all sort by
 * `sort_path`, so they can never disagree again.
 */
export const PLAN_TASK_ORDER: SqlDefinition = {
  name: 'plan_task_order',
  sql: `
CREATE OR REPLACE FUNCTION plan_task_order(p_plan uuid)
RETURNS TABLE (task_id uuid, depth int, sort_path int[]) LANGUAGE sql STABLE AS $$
  WITH RECURSIVE sections AS (
    SELECT s.id, row_number() OVER (ORDER BY s.position, s.code)::int AS n FROM plan_sections s WHERE s.plan_id = p_plan
  ), tree AS (
    SELECT t.id, 0 AS depth, ARRAY[coalesce(sections.n, 2147483647), t.position] AS sort_path
    FROM tasks t LEFT JOIN sections ON sections.id = t.section_id
    WHERE t.plan_id = p_plan AND t.parent_id IS NULL
    UNION ALL
    SELECT c.id, tree.depth + 1, tree.sort_path || c.position FROM tasks c JOIN tree ON c.parent_id = tree.id
  )
  SELECT tree.id, tree.depth, tree.sort_path FROM tree
$$`,
  drop: 'DROP FUNCTION IF EXISTS plan_task_order(uuid)',
};
