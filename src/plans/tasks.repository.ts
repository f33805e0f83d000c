import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SqlRepository } from '../database/sql-repository';

/** A timeline as its five columns: kind, year, end year, date, text (all null for none). */
export type TimelineColumns = [string | null, number | null, number | null, string | null, string | null];

export interface TaskRef {
  id: string;
  sectionId: string | null;
  parentId: string | null;
}

/** A task's own fields, its section and parent resolved to ids. */
export interface TaskRecord {
  sectionId: string | null;
  parentId: string | null;
  code: string;
  title: string;
  kind: string;
  position: number;
  timeline: TimelineColumns;
  capitalTotal: string | null;
  capitalStateBudget: string | null;
  capitalNonStateBudget: string | null;
  note: string | null;
}

/** What an update changes; a field left undefined keeps the stored value. */
export interface TaskChanges {
  title?: string;
  kind?: string;
  note?: string | null;
  sectionId?: string | null;
  parentId?: string | null;
  position?: number;
  timeline?: TimelineColumns;
  capital?: { total: string | null; stateBudget: string | null; nonStateBudget: string | null };
}

export interface MilestoneRecord {
  title: string;
  timeline: TimelineColumns;
}

/** Agency ids of a task's two roles. */
export interface AssignmentIds {
  lead: string[];
  cooperating: string[];
}

const INSERT_ASSIGNMENTS = `INSERT INTO task_assignments (task_id, agency_id, role)
   SELECT $1::uuid, a, 'lead' FROM unnest($2::uuid[]) a UNION ALL SELECT $1::uuid, a, 'cooperating' FROM unnest($3::uuid[]) a`;

const INSERT_MILESTONE = `INSERT INTO task_milestones (task_id, position, title, timeline_kind, timeline_year, timeline_end_year, timeline_date, timeline_text)
   VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`;

/** The task columns a TaskChanges field sets, in the order an update lists them. */
function changedColumns(c: TaskChanges): [string, unknown][] {
  const out: [string, unknown][] = [];
  if (c.title !== undefined) out.push(['title', c.title]);
  if (c.kind !== undefined) out.push(['kind', c.kind]);
  if (c.note !== undefined) out.push(['note', c.note]);
  if (c.sectionId !== undefined) out.push(['section_id', c.sectionId]);
  if (c.parentId !== undefined) out.push(['parent_id', c.parentId]);
  if (c.position !== undefined) out.push(['position', c.position]);
  if (c.timeline !== undefined) {
    const [kind, year, endYear, date, text] = c.timeline;
    out.push(
      ['timeline_kind', kind],
      ['timeline_year', year],
      ['timeline_end_year', endYear],
      ['timeline_date', date],
      ['timeline_text', text],
    );
  }
  if (c.capital !== undefined) {
    out.push(
      ['capital_total', c.capital.total],
      ['capital_state_budget', c.capital.stateBudget],
      ['capital_non_state_budget', c.capital.nonStateBudget],
    );
  }
  return out;
}

/** A plan's tasks, their agency assignments and milestones. */
@Injectable()
export class TasksRepository extends SqlRepository {
  constructor(dataSource: DataSource) {
    super(dataSource);
  }

  async byCode(planId: string, code: string, em?: EntityManager): Promise<TaskRef | null> {
    const row = await this.first<{ id: string; section_id: string | null; parent_id: string | null }>(
      'SELECT id, section_id, parent_id FROM tasks WHERE plan_id = $1 AND code = $2',
      [planId, code],
      em,
    );
    return row ? { id: row.id, sectionId: row.section_id, parentId: row.parent_id } : null;
  }

  /** Codes of the plan's tasks whose code, title or note match the LIKE pattern (accents and case ignored). */
  async searchTaskCodes(planCode: string, term: string, em?: EntityManager): Promise<string[]> {
    const rows = await this.rows<{ code: string }>(
      `SELECT t.code FROM tasks t JOIN plans p ON p.id = t.plan_id
       WHERE p.code = $1 AND unaccent(lower(t.code || ' ' || t.title || ' ' || coalesce(t.note, ''))) LIKE unaccent(lower($2))`,
      [planCode, term],
      em,
    );
    return rows.map((r) => r.code);
  }

  async insert(planId: string, t: TaskRecord, em?: EntityManager): Promise<string> {
    const row = await this.first<{ id: string }>(
      `INSERT INTO tasks (plan_id, section_id, parent_id, code, title, kind, position, timeline_kind, timeline_year, timeline_end_year,
         timeline_date, timeline_text, capital_total, capital_state_budget, capital_non_state_budget, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id`,
      [planId, ...recordValues(t)],
      em,
    );
    return row!.id;
  }

  /** Creates the task or replaces its fields (an import); answers its id. */
  async upsertByCode(planId: string, t: TaskRecord, em?: EntityManager): Promise<string> {
    const row = await this.first<{ id: string }>(
      `INSERT INTO tasks (plan_id, section_id, parent_id, code, title, kind, position, timeline_kind, timeline_year, timeline_end_year,
         timeline_date, timeline_text, capital_total, capital_state_budget, capital_non_state_budget, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
       ON CONFLICT (plan_id, code) DO UPDATE SET section_id = EXCLUDED.section_id, parent_id = EXCLUDED.parent_id, title = EXCLUDED.title,
         kind = EXCLUDED.kind, position = EXCLUDED.position, timeline_kind = EXCLUDED.timeline_kind, timeline_year = EXCLUDED.timeline_year,
         timeline_end_year = EXCLUDED.timeline_end_year, timeline_date = EXCLUDED.timeline_date, timeline_text = EXCLUDED.timeline_text,
         capital_total = EXCLUDED.capital_total, capital_state_budget = EXCLUDED.capital_state_budget,
         capital_non_state_budget = EXCLUDED.capital_non_state_budget, note = EXCLUDED.note, updated_at = now()
       RETURNING id`,
      [planId, ...recordValues(t)],
      em,
    );
    return row!.id;
  }

  /** Sets the changed columns (and updated_at). */
  async update(taskId: string, c: TaskChanges, em?: EntityManager): Promise<void> {
    const columns = changedColumns(c);
    const sets = [...columns.map(([column], i) => `${column} = $${i + 2}`), 'updated_at = now()'];
    await this.change(`UPDATE tasks SET ${sets.join(', ')} WHERE id = $1`, [taskId, ...columns.map(([, value]) => value)], em);
  }

  /**
   * Deletes the plan's tasks whose code is not among these. They lose their parent first, so
   * RESTRICT never sees a half-deleted subtree.
   */
  async deleteTasksNotIn(planId: string, codes: string[], em?: EntityManager): Promise<void> {
    await this.change(
      'UPDATE tasks SET parent_id = NULL WHERE plan_id = $1 AND code <> ALL($2) AND parent_id IS NOT NULL',
      [planId, codes],
      em,
    );
    await this.change('DELETE FROM tasks WHERE plan_id = $1 AND code <> ALL($2)', [planId, codes], em);
  }

  /** The task's stored capital as exact decimal text. */
  async capitalOf(
    taskId: string,
    em?: EntityManager,
  ): Promise<{ total: string | null; stateBudget: string | null; nonStateBudget: string | null }> {
    const row = await this.first<{ total: string | null; state_budget: string | null; non_state_budget: string | null }>(
      `SELECT trim_scale(capital_total)::text AS total, trim_scale(capital_state_budget)::text AS state_budget,
              trim_scale(capital_non_state_budget)::text AS non_state_budget FROM tasks WHERE id = $1`,
      [taskId],
      em,
    );
    return { total: row!.total, stateBudget: row!.state_budget, nonStateBudget: row!.non_state_budget };
  }

  /** Whether `taskId` is `startId` itself or one of the tasks above it. */
  async isSelfOrAncestor(startId: string, taskId: string, em?: EntityManager): Promise<boolean> {
    const hit = await this.first(
      `WITH RECURSIVE up AS (
         SELECT id, parent_id FROM tasks WHERE id = $1
         UNION SELECT t.id, t.parent_id FROM tasks t JOIN up ON t.id = up.parent_id
       ) SELECT 1 FROM up WHERE id = $2`,
      [startId, taskId],
      em,
    );
    return hit !== undefined;
  }

  /** Next position among the siblings a task joins (same parent, or same section at the top): after the last one. */
  async nextPosition(planId: string, parentId: string | null, sectionId: string | null, em?: EntityManager): Promise<number> {
    const row = await this.first<{ next: number }>(
      `SELECT coalesce(max(position), 0) + 1 AS next FROM tasks
       WHERE plan_id = $1 AND parent_id IS NOT DISTINCT FROM $2::uuid AND ($2::uuid IS NOT NULL OR section_id IS NOT DISTINCT FROM $3::uuid)`,
      [planId, parentId, sectionId],
      em,
    );
    return row!.next;
  }

  /** Current assignment codes of a task, by role, each list by code. */
  async assignmentCodes(taskId: string, em?: EntityManager): Promise<{ lead: string[]; cooperating: string[] }> {
    const rows = await this.rows<{ code: string; role: string }>(
      `SELECT a.code, ta.role FROM task_assignments ta JOIN agencies a ON a.id = ta.agency_id WHERE ta.task_id = $1 ORDER BY a.code`,
      [taskId],
      em,
    );
    return {
      lead: rows.filter((r) => r.role === 'lead').map((r) => r.code),
      cooperating: rows.filter((r) => r.role === 'cooperating').map((r) => r.code),
    };
  }

  async replaceAssignments(taskId: string, ids: AssignmentIds, em?: EntityManager): Promise<void> {
    await this.change('DELETE FROM task_assignments WHERE task_id = $1', [taskId], em);
    await this.insertAssignments(taskId, ids, em);
  }

  /** Adds assignments to a task that has none (after deleteDetailsOf). */
  async insertAssignments(taskId: string, ids: AssignmentIds, em?: EntityManager): Promise<void> {
    await this.rows(INSERT_ASSIGNMENTS, [taskId, ids.lead, ids.cooperating], em);
  }

  async replaceMilestones(taskId: string, milestones: MilestoneRecord[], em?: EntityManager): Promise<void> {
    await this.change('DELETE FROM task_milestones WHERE task_id = $1', [taskId], em);
    await this.insertMilestones(taskId, milestones, em);
  }

  /** Adds milestones, numbered from 1, to a task that has none (after deleteDetailsOf). */
  async insertMilestones(taskId: string, milestones: MilestoneRecord[], em?: EntityManager): Promise<void> {
    for (const [i, m] of milestones.entries()) await this.rows(INSERT_MILESTONE, [taskId, i + 1, m.title, ...m.timeline], em);
  }

  /** Deletes the assignments and milestones of these tasks (an import rewrites them). */
  async deleteDetailsOf(taskIds: string[], em?: EntityManager): Promise<void> {
    await this.change('DELETE FROM task_assignments WHERE task_id = ANY($1)', [taskIds], em);
    await this.change('DELETE FROM task_milestones WHERE task_id = ANY($1)', [taskIds], em);
  }

  /** Codes, among these, of the plan's tasks that agencies have reported on. */
  async reportedTaskCodes(planId: string, codes: string[], em?: EntityManager): Promise<string[]> {
    const rows = await this.rows<{ code: string }>(
      `SELECT DISTINCT t.code FROM tasks t JOIN report_task_entries e ON e.task_id = t.id WHERE t.plan_id = $1 AND t.code = ANY($2) ORDER BY t.code`,
      [planId, codes],
      em,
    );
    return rows.map((r) => r.code);
  }
}

/** Parameters $2..$16 of a task insert. */
function recordValues(t: TaskRecord): unknown[] {
  return [
    t.sectionId,
    t.parentId,
    t.code,
    t.title,
    t.kind,
    t.position,
    ...t.timeline,
    t.capitalTotal,
    t.capitalStateBudget,
    t.capitalNonStateBudget,
    t.note,
  ];
}
