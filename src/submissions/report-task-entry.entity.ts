import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { decimalTransformer } from '../common/decimal';
import { Task } from '../plans/task.entity';
import { AgencyReport } from './agency-report.entity';
import {
  CHECK_DIFFICULTY_KIND,
  CHECK_RESOLVING_LEVEL,
  CHECK_TASK_STATUS,
  DifficultyKind,
  ResolvingLevel,
  TaskStatus,
} from './report.constants';

const money = { type: 'numeric' as const, precision: 18, scale: 3, nullable: true, transformer: decimalTransformer };

/** What an agency reports on one task it leads or cooperates on. Money in tỷ đồng. */
@Entity('report_task_entries')
@Index('uq_report_task_entries_report_task', ['reportId', 'taskId'], { unique: true })
// The few entries with text the consolidation quotes (blank answers are stored as NULL).
@Index('ix_report_task_entries_texts', ['reportId'], {
  where: `"difficulties" IS NOT NULL OR "proposals" IS NOT NULL OR "next_steps" IS NOT NULL`,
})
@Check('ck_report_task_entries_role', `"role" IN ('lead', 'cooperating')`)
@Check('ck_report_task_entries_status', CHECK_TASK_STATUS)
@Check('ck_report_task_entries_difficulty_kind', CHECK_DIFFICULTY_KIND)
@Check('ck_report_task_entries_resolving_level', CHECK_RESOLVING_LEVEL)
@Check('ck_report_task_entries_percent', `"percent_complete" IS NULL OR "percent_complete" BETWEEN 0 AND 100`)
@Check(
  'ck_report_task_entries_money',
  `coalesce("capital_allocated", 0) >= 0 AND coalesce("capital_allocated_state_budget", 0) >= 0 AND coalesce("capital_disbursed", 0) >= 0 AND coalesce("capital_disbursed_state_budget", 0) >= 0`,
)
export class ReportTaskEntry {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  reportId!: string;

  @ManyToOne(() => AgencyReport, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'report_id', foreignKeyConstraintName: 'fk_report_task_entries_report' })
  report?: AgencyReport;

  @Index('ix_report_task_entries_task_id')
  @Column({ type: 'uuid' })
  taskId!: string;

  @ManyToOne(() => Task, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'fk_report_task_entries_task' })
  task?: Task;

  @Column({ type: 'varchar', length: 16 })
  role!: 'lead' | 'cooperating';

  @Column({ type: 'varchar', length: 32, nullable: true })
  status!: TaskStatus | null;

  @Column({ type: 'smallint', nullable: true })
  percentComplete!: number | null;

  @Column(money)
  capitalAllocated!: string | null;

  @Column(money)
  capitalAllocatedStateBudget!: string | null;

  @Column(money)
  capitalDisbursed!: string | null;

  @Column(money)
  capitalDisbursedStateBudget!: string | null;

  @Column({ type: 'text', nullable: true })
  workDone!: string | null;

  @Column({ type: 'text', nullable: true })
  difficulties!: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  difficultyKind!: DifficultyKind | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  resolvingLevel!: ResolvingLevel | null;

  @Column({ type: 'text', nullable: true })
  proposals!: string | null;

  @Column({ type: 'text', nullable: true })
  nextSteps!: string | null;
}
