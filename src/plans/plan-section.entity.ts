import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { decimalTransformer } from '../common/decimal';
import { Plan } from './plan.entity';

/** An appendix of the plan (Phụ lục 01 giao thông …) with its capital need in tỷ đồng. */
@Entity('plan_sections')
@Index('uq_plan_sections_plan_code', ['planId', 'code'], { unique: true })
@Check(
  'ck_plan_sections_capital',
  `"capital_total" >= 0 AND "capital_state_budget" >= 0 AND "capital_non_state_budget" >= 0 AND "capital_total" = "capital_state_budget" + "capital_non_state_budget"`,
)
export class PlanSection {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  planId!: string;

  @ManyToOne(() => Plan, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'plan_id', foreignKeyConstraintName: 'fk_plan_sections_plan' })
  plan?: Plan;

  @Column({ type: 'varchar', length: 16 })
  code!: string;

  @Column({ type: 'varchar', length: 255 })
  title!: string;

  @Column({ type: 'smallint', default: 0 })
  position!: number;

  @Column({ type: 'numeric', precision: 18, scale: 3, default: 0, transformer: decimalTransformer })
  capitalTotal!: string;

  @Column({ type: 'numeric', precision: 18, scale: 3, default: 0, transformer: decimalTransformer })
  capitalStateBudget!: string;

  @Column({ type: 'numeric', precision: 18, scale: 3, default: 0, transformer: decimalTransformer })
  capitalNonStateBudget!: string;
}
