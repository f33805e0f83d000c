import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Agency } from '../agencies/agency.entity';
import { User } from '../auth/user.entity';
import { Plan } from '../plans/plan.entity';
import { Task } from '../plans/task.entity';
import { CHECK_DIFFICULTY_KIND, CHECK_RESOLVING_LEVEL, DifficultyKind, ResolvingLevel } from './report.constants';

/** A difficulty or proposal an agency raises at any time (section V); lands in the coordinator's inbox. */
@Entity('adhoc_reports')
@Index('ix_adhoc_reports_plan_created', ['planId', 'createdAt'])
@Check('ck_adhoc_reports_difficulty_kind', CHECK_DIFFICULTY_KIND)
@Check('ck_adhoc_reports_resolving_level', CHECK_RESOLVING_LEVEL)
export class AdhocReport {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  planId!: string;

  @ManyToOne(() => Plan, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'plan_id', foreignKeyConstraintName: 'fk_adhoc_reports_plan' })
  plan?: Plan;

  @Index('ix_adhoc_reports_agency_id')
  @Column({ type: 'uuid' })
  agencyId!: string;

  @ManyToOne(() => Agency, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'agency_id', foreignKeyConstraintName: 'fk_adhoc_reports_agency' })
  agency?: Agency;

  @Column({ type: 'uuid', nullable: true })
  taskId!: string | null;

  @ManyToOne(() => Task, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'fk_adhoc_reports_task' })
  task?: Task | null;

  @Column({ type: 'varchar', length: 255 })
  subject!: string;

  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'varchar', length: 32 })
  difficultyKind!: DifficultyKind;

  @Column({ type: 'varchar', length: 16 })
  resolvingLevel!: ResolvingLevel;

  @Column({ type: 'uuid' })
  submittedBy!: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'submitted_by', foreignKeyConstraintName: 'fk_adhoc_reports_submitted_by' })
  submitter?: User;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;
}
