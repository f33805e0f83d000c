import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Agency } from '../agencies/agency.entity';
import { Task } from './task.entity';

export const ASSIGNMENT_ROLES = ['lead', 'cooperating'] as const;
export type AssignmentRole = (typeof ASSIGNMENT_ROLES)[number];

/**
 * Who answers for a task: a lead (chủ trì) or cooperating (phối hợp) agency.
 * A task may have many leads, each answering for its own part (53 communes' general plans).
 */
@Entity('task_assignments')
@Index('uq_task_assignments_task_agency', ['taskId', 'agencyId'], { unique: true })
@Check('ck_task_assignments_role', `"role" IN ('lead', 'cooperating')`)
export class TaskAssignment {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  taskId!: string;

  @ManyToOne(() => Task, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'fk_task_assignments_task' })
  task?: Task;

  @Index('ix_task_assignments_agency_id')
  @Column({ type: 'uuid' })
  agencyId!: string;

  @ManyToOne(() => Agency, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'agency_id', foreignKeyConstraintName: 'fk_task_assignments_agency' })
  agency?: Agency;

  @Column({ type: 'varchar', length: 16 })
  role!: AssignmentRole;
}
