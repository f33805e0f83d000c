import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SqlRepository } from '../database/sql-repository';

/** A plan's group as stored: its members by agency code (sorted), the kinds it was named by. */
export interface AgencyGroupRow {
  id: string;
  code: string;
  name: string;
  kinds: string[];
  members: string[];
}

/** Where a group was named, by the ids of the task (and role), indicator or report kind. */
export interface AgencyGroupRefRow {
  group_code: string;
  task_id: string | null;
  role: 'lead' | 'cooperating' | null;
  indicator_id: string | null;
  report_kind_id: string | null;
}

/** One place a group is named, for replaceRefs. */
export interface AgencyGroupRefRecord {
  groupId: string;
  taskId?: string;
  role?: 'lead' | 'cooperating';
  indicatorId?: string;
  reportKindId?: string;
}

/** A plan's agency groups, their members and where tasks, indicators and report kinds name them. */
@Injectable()
export class AgencyGroupsRepository extends SqlRepository {
  constructor(dataSource: DataSource) {
    super(dataSource);
  }

  /** The plan's groups by position, each with its members' codes. */
  groupsOfPlan(planId: string, em?: EntityManager): Promise<AgencyGroupRow[]> {
    return this.rows<AgencyGroupRow>(
      `SELECT g.id, g.code, g.name, g.kinds,
              coalesce((SELECT array_agg(a.code ORDER BY a.code) FROM agency_group_members m JOIN agencies a ON a.id = m.agency_id
                        WHERE m.group_id = g.id), '{}') AS members
       FROM agency_groups g WHERE g.plan_id = $1 ORDER BY g.position, g.code`,
      [planId],
      em,
    );
  }

  /** Every place the plan's groups are named. */
  refsOfPlan(planId: string, em?: EntityManager): Promise<AgencyGroupRefRow[]> {
    return this.rows<AgencyGroupRefRow>(
      `SELECT g.code AS group_code, r.task_id, r.role, r.indicator_id, r.report_kind_id
       FROM agency_group_refs r JOIN agency_groups g ON g.id = r.group_id WHERE g.plan_id = $1 ORDER BY g.position, g.code`,
      [planId],
      em,
    );
  }

  /** Deletes the plan's groups not among these codes (and where they were named). */
  async deleteGroupsNotIn(planId: string, codes: string[], em?: EntityManager): Promise<void> {
    await this.change('DELETE FROM agency_groups WHERE plan_id = $1 AND NOT (code = ANY($2::text[]))', [planId, codes], em);
  }

  /** Creates or updates the group and sets its members; answers its id. */
  async upsertGroup(
    planId: string,
    g: { code: string; name: string; kinds: string[]; position: number },
    memberIds: string[],
    em?: EntityManager,
  ): Promise<string> {
    const row = await this.first<{ id: string }>(
      `INSERT INTO agency_groups (plan_id, code, name, kinds, position) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (plan_id, code) DO UPDATE SET name = EXCLUDED.name, kinds = EXCLUDED.kinds, position = EXCLUDED.position
       RETURNING id`,
      [planId, g.code, g.name, g.kinds, g.position],
      em,
    );
    const id = row!.id;
    await this.change('DELETE FROM agency_group_members WHERE group_id = $1 AND NOT (agency_id = ANY($2::uuid[]))', [id, memberIds], em);
    await this.change(
      `INSERT INTO agency_group_members (group_id, agency_id) SELECT $1, a FROM unnest($2::uuid[]) a ON CONFLICT DO NOTHING`,
      [id, memberIds],
      em,
    );
    return id;
  }

  /** Replaces every record of where the plan's groups are named. */
  async replaceRefs(planId: string, refs: AgencyGroupRefRecord[], em?: EntityManager): Promise<void> {
    await this.change('DELETE FROM agency_group_refs r USING agency_groups g WHERE g.id = r.group_id AND g.plan_id = $1', [planId], em);
    if (refs.length === 0) return;
    await this.change(
      `INSERT INTO agency_group_refs (group_id, task_id, role, indicator_id, report_kind_id)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::varchar[], $4::uuid[], $5::uuid[])`,
      [
        refs.map((r) => r.groupId),
        refs.map((r) => r.taskId ?? null),
        refs.map((r) => r.role ?? null),
        refs.map((r) => r.indicatorId ?? null),
        refs.map((r) => r.reportKindId ?? null),
      ],
      em,
    );
  }
}
