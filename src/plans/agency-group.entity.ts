import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Agency } from '../agencies/agency.entity';
import { ReportKind } from '../reporting/report-kind.entity';
import { Indicator } from './indicator.entity';
import { Plan } from './plan.entity';
import { Task } from './task.entity';

/**
 * A named set of a plan's agencies ("Các sở, ban, ngành", "UBND các xã, phường") that a task's
 * lead or cooperating cell, a report kind's or an indicator's agencies can name instead of writing
 * every agency out. Each plan brings its own: two plans never share a group.
 */
@Entity('agency_groups')
@Index('uq_agency_groups_plan_code', ['planId', 'code'], { unique: true })
export class AgencyGroup {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_agency_groups' })
  id!: string;

  @Column({ type: 'uuid' })
  planId!: string;

  @ManyToOne(() => Plan, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'plan_id', foreignKeyConstraintName: 'fk_agency_groups_plan' })
  plan?: Plan;

  @Column({ type: 'varchar', length: 32 })
  code!: string;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  /**
   * The agency kinds the workbook named the group by ("Theo loại": every agency of the plan of
   * these kinds): how the export writes the group back. The members below are always complete.
   */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  kinds!: string[];

  @Column({ type: 'int' })
  position!: number;
}

/** The agencies of a group, kind-derived ones included. */
@Entity('agency_group_members')
export class AgencyGroupMember {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_agency_group_members' })
  groupId!: string;

  @ManyToOne(() => AgencyGroup, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'group_id', foreignKeyConstraintName: 'fk_agency_group_members_group' })
  group?: AgencyGroup;

  @Index('ix_agency_group_members_agency_id')
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_agency_group_members' })
  agencyId!: string;

  @ManyToOne(() => Agency, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'agency_id', foreignKeyConstraintName: 'fk_agency_group_members_agency' })
  agency?: Agency;
}

/**
 * Where a group was named: a task's leads or cooperating agencies, an indicator's owners or a
 * report kind's agencies. The assignments, owners and kind agencies themselves are written out
 * agency by agency as before (so whatever reads them is unchanged); this row only lets the export
 * write the group's name back instead of the list.
 */
@Entity('agency_group_refs')
@Check(
  'ck_agency_group_refs_target',
  `num_nonnulls("task_id", "indicator_id", "report_kind_id") = 1 AND ("task_id" IS NULL) = ("role" IS NULL)`,
)
@Check('ck_agency_group_refs_role', `"role" IS NULL OR "role" IN ('lead', 'cooperating')`)
export class AgencyGroupRef {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_agency_group_refs' })
  id!: string;

  @Index('ix_agency_group_refs_group_id')
  @Column({ type: 'uuid' })
  groupId!: string;

  @ManyToOne(() => AgencyGroup, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'group_id', foreignKeyConstraintName: 'fk_agency_group_refs_group' })
  group?: AgencyGroup;

  @Index('ix_agency_group_refs_task_id')
  @Column({ type: 'uuid', nullable: true })
  taskId!: string | null;

  @ManyToOne(() => Task, { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'fk_agency_group_refs_task' })
  task?: Task | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  role!: 'lead' | 'cooperating' | null;

  @Index('ix_agency_group_refs_indicator_id')
  @Column({ type: 'uuid', nullable: true })
  indicatorId!: string | null;

  @ManyToOne(() => Indicator, { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'indicator_id', foreignKeyConstraintName: 'fk_agency_group_refs_indicator' })
  indicator?: Indicator | null;

  @Index('ix_agency_group_refs_report_kind_id')
  @Column({ type: 'uuid', nullable: true })
  reportKindId!: string | null;

  @ManyToOne(() => ReportKind, { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'report_kind_id', foreignKeyConstraintName: 'fk_agency_group_refs_report_kind' })
  reportKind?: ReportKind | null;
}
