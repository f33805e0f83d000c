import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { decimalTransformer } from '../common/decimal';
import { Plan } from './plan.entity';
import { PlanSection } from './plan-section.entity';
import { TimelineColumns } from './timeline.embedded';

export const TASK_KINDS = ['group', 'project', 'scheme', 'planning', 'task'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];
export const TASK_KIND_LABELS: Record<TaskKind, string> = {
  group: 'Nhóm nhiệm vụ',
  project: 'Dự án',
  scheme: 'Đề án',
  planning: 'Quy hoạch',
  task: 'Nhiệm vụ',
};

/** A task (nhiệm vụ, dự án, đề án) coded by its numbering path in the plan: II.2.(1).a */
@Entity('tasks')
@Index('uq_tasks_plan_code', ['planId', 'code'], { unique: true })
@Check('ck_tasks_kind', `"kind" IN ('group', 'project', 'scheme', 'planning', 'task')`)
@Check('ck_tasks_not_own_parent', `"parent_id" IS NULL OR "parent_id" <> "id"`)
@Check(
  'ck_tasks_capital',
  `("capital_total" IS NULL OR "capital_total" >= 0) AND ("capital_state_budget" IS NULL OR "capital_state_budget" >= 0) AND ("capital_non_state_budget" IS NULL OR "capital_non_state_budget" >= 0)`,
)
@Check(
  'ck_tasks_timeline',
  `"timeline_kind" IS NULL OR "timeline_kind" IN ('year', 'date', 'early_year', 'mid_year', 'end_year', 'period', 'ongoing')`,
)
@Check('ck_tasks_lead_agencies', `"lead_agencies" >= 0`)
export class Task {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** How many agencies lead the task: kept by triggers on `task_assignments` (migration TaskLeadCounts), never written here. */
  @Column({ type: 'integer', default: 0, insert: false, update: false })
  leadAgencies!: number;

  @Column({ type: 'uuid' })
  planId!: string;

  @ManyToOne(() => Plan, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'plan_id', foreignKeyConstraintName: 'fk_tasks_plan' })
  plan?: Plan;

  @Index('ix_tasks_section_id')
  @Column({ type: 'uuid', nullable: true })
  sectionId!: string | null;

  @ManyToOne(() => PlanSection, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'section_id', foreignKeyConstraintName: 'fk_tasks_section' })
  section?: PlanSection | null;

  @Index('ix_tasks_parent_id')
  @Column({ type: 'uuid', nullable: true })
  parentId!: string | null;

  @ManyToOne(() => Task, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'fk_tasks_parent' })
  parent?: Task | null;

  @Column({ type: 'varchar', length: 64 })
  code!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'varchar', length: 16, default: 'task' })
  kind!: TaskKind;

  /** Order among siblings, as in the text. */
  @Column({ type: 'integer', default: 0 })
  position!: number;

  @Column(() => TimelineColumns)
  timeline!: TimelineColumns;

  @Column({ type: 'numeric', precision: 18, scale: 3, nullable: true, transformer: decimalTransformer })
  capitalTotal!: string | null;

  @Column({ type: 'numeric', precision: 18, scale: 3, nullable: true, transformer: decimalTransformer })
  capitalStateBudget!: string | null;

  @Column({ type: 'numeric', precision: 18, scale: 3, nullable: true, transformer: decimalTransformer })
  capitalNonStateBudget!: string | null;

  /** Why an assignment was inferred, or any remark of the plan (Ghi chú). */
  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
