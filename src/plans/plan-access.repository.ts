import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SqlRepository } from '../database/sql-repository';

/** A plan's id and code. */
export interface PlanKey {
  id: string;
  code: string;
}

/** A named member of a plan, as the administrators' API lists them. */
export interface PlanMemberRow {
  username: string;
  display_name: string;
  role: string;
  agency_code: string;
  created_at: Date;
}

/**
 * Who works on which plan: the plan's coordinating agency (and, for leaders, its recipient agency),
 * the users named as its members (`plan_members`), and the agencies its tasks are assigned to.
 * `$1` the user, `$2` their agency, `$3` whether the recipient agency counts (leaders).
 */
const WORKS_ON = `(p.coordinating_agency_id = $2 OR ($3 AND p.recipient_agency_id = $2)
   OR EXISTS (SELECT 1 FROM plan_members m WHERE m.plan_id = p.id AND m.user_id = $1))`;

/** `plan_members` and the plan side of plan scoping (src/plans/plan-access.service.ts holds the rules). */
@Injectable()
export class PlanAccessRepository extends SqlRepository {
  constructor(dataSource: DataSource) {
    super(dataSource);
  }

  /** The plans the user works on through their agency (coordinating; recipient too when `withRecipient`) or as a named member. */
  plansOfUser(userId: string, agencyId: string, withRecipient: boolean, em?: EntityManager): Promise<PlanKey[]> {
    return this.rows<PlanKey>(`SELECT p.id, p.code FROM plans p WHERE ${WORKS_ON} ORDER BY p.code`, [userId, agencyId, withRecipient], em);
  }

  /** Whether the user works on this plan, by the rule of plansOfUser. */
  async userWorksOn(planId: string, userId: string, agencyId: string, withRecipient: boolean, em?: EntityManager): Promise<boolean> {
    const row = await this.first<{ ok: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM plans p WHERE p.id = $4 AND ${WORKS_ON}) AS ok`,
      [userId, agencyId, withRecipient, planId],
      em,
    );
    return row?.ok ?? false;
  }

  /** The plans that assign the agency a task (lead or cooperating). */
  async planIdsAssigning(agencyId: string, em?: EntityManager): Promise<string[]> {
    const rows = await this.rows<{ plan_id: string }>(
      'SELECT DISTINCT t.plan_id FROM task_assignments ta JOIN tasks t ON t.id = ta.task_id WHERE ta.agency_id = $1',
      [agencyId],
      em,
    );
    return rows.map((r) => r.plan_id);
  }

  /** Whether the plan assigns the agency a task. */
  async assigns(planId: string, agencyId: string, em?: EntityManager): Promise<boolean> {
    const row = await this.first<{ ok: boolean }>(
      'SELECT EXISTS (SELECT 1 FROM task_assignments ta JOIN tasks t ON t.id = ta.task_id WHERE t.plan_id = $1 AND ta.agency_id = $2) AS ok',
      [planId, agencyId],
      em,
    );
    return row?.ok ?? false;
  }

  /** The ids and codes of these plans, by code. */
  keysOf(planIds: string[], em?: EntityManager): Promise<PlanKey[]> {
    return this.rows<PlanKey>('SELECT id, code FROM plans WHERE id = ANY($1::uuid[]) ORDER BY code', [planIds], em);
  }

  /** The user's id by username; undefined for none. */
  async userIdByUsername(username: string, em?: EntityManager): Promise<string | undefined> {
    return (await this.first<{ id: string }>('SELECT id FROM users WHERE username = $1', [username], em))?.id;
  }

  /** The plan's named members, by username. */
  members(planId: string, em?: EntityManager): Promise<PlanMemberRow[]> {
    return this.rows<PlanMemberRow>(
      `SELECT u.username, u.display_name, u.role, a.code AS agency_code, m.created_at
       FROM plan_members m JOIN users u ON u.id = m.user_id JOIN agencies a ON a.id = u.agency_id
       WHERE m.plan_id = $1 ORDER BY u.username`,
      [planId],
      em,
    );
  }

  /** Names the user a member of the plan; true when they were not one yet. */
  async addMember(planId: string, userId: string, at: Date, em?: EntityManager): Promise<boolean> {
    const rows = await this.rows<{ plan_id: string }>(
      `INSERT INTO plan_members (plan_id, user_id, created_at) VALUES ($1, $2, $3) ON CONFLICT (plan_id, user_id) DO NOTHING RETURNING plan_id`,
      [planId, userId, at],
      em,
    );
    return rows.length > 0;
  }

  /** Removes the user from the plan's members; true when they were one. */
  async removeMember(planId: string, userId: string, em?: EntityManager): Promise<boolean> {
    const { affected } = await this.change(
      'DELETE FROM plan_members WHERE plan_id = $1 AND user_id = $2 RETURNING plan_id',
      [planId, userId],
      em,
    );
    return affected > 0;
  }
}
