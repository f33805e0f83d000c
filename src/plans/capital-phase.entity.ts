import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { decimalTransformer } from '../common/decimal';
import { Plan } from './plan.entity';
import { PlanSection } from './plan-section.entity';
import { Task } from './task.entity';

/**
 * A capital phase of a plan ("Giai đoạn 2026–2027"): an ordered span of the plan's years the
 * plan splits its capital need by. Phases of one plan never overlap.
 */
@Entity('plan_capital_phases')
@Index('uq_plan_capital_phases_plan_start', ['planId', 'startYear'], { unique: true })
@Check('ck_plan_capital_phases_years', `"start_year" <= "end_year"`)
export class CapitalPhase {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_plan_capital_phases' })
  id!: string;

  @Column({ type: 'uuid' })
  planId!: string;

  @ManyToOne(() => Plan, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'plan_id', foreignKeyConstraintName: 'fk_plan_capital_phases_plan' })
  plan?: Plan;

  @Column({ type: 'smallint' })
  position!: number;

  @Column({ type: 'smallint' })
  startYear!: number;

  @Column({ type: 'smallint' })
  endYear!: number;
}

/**
 * The capital need of a section or a task in one phase (tỷ đồng). A section's row comes from its
 * sheet's total row; a task's from its own row; each figure may be missing, as on the whole-plan columns.
 */
@Entity('plan_phase_capital')
@Index('uq_plan_phase_capital_section', ['phaseId', 'sectionId'], { unique: true })
@Index('uq_plan_phase_capital_task', ['phaseId', 'taskId'], { unique: true })
@Check('ck_plan_phase_capital_target', `num_nonnulls("section_id", "task_id") = 1`)
@Check(
  'ck_plan_phase_capital_amounts',
  `("total" IS NULL OR "total" >= 0) AND ("state_budget" IS NULL OR "state_budget" >= 0) AND ("non_state_budget" IS NULL OR "non_state_budget" >= 0)`,
)
export class PhaseCapital {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_plan_phase_capital' })
  id!: string;

  @Column({ type: 'uuid' })
  phaseId!: string;

  @ManyToOne(() => CapitalPhase, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'phase_id', foreignKeyConstraintName: 'fk_plan_phase_capital_phase' })
  phase?: CapitalPhase;

  @Index('ix_plan_phase_capital_section_id')
  @Column({ type: 'uuid', nullable: true })
  sectionId!: string | null;

  @ManyToOne(() => PlanSection, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'section_id', foreignKeyConstraintName: 'fk_plan_phase_capital_section' })
  section?: PlanSection;

  @Index('ix_plan_phase_capital_task_id')
  @Column({ type: 'uuid', nullable: true })
  taskId!: string | null;

  @ManyToOne(() => Task, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'fk_plan_phase_capital_task' })
  task?: Task;

  @Column({ type: 'numeric', precision: 18, scale: 3, nullable: true, transformer: decimalTransformer })
  total!: string | null;

  @Column({ type: 'numeric', precision: 18, scale: 3, nullable: true, transformer: decimalTransformer })
  stateBudget!: string | null;

  @Column({ type: 'numeric', precision: 18, scale: 3, nullable: true, transformer: decimalTransformer })
  nonStateBudget!: string | null;
}
