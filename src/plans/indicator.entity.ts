import { Check, Column, Entity, Index, JoinColumn, JoinTable, ManyToMany, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Agency } from '../agencies/agency.entity';
import { Plan } from './plan.entity';
import { Task } from './task.entity';

/**
 * How the values the owners report combine into the plan's figure: the sum over the agencies; the
 * count of agencies answering yes to the indicator's question (each answers for itself, Có/Không);
 * the value of its one responsible agency; the latest value sent; the average.
 */
export const AGGREGATIONS = ['sum', 'count_yes', 'single', 'latest', 'average'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];
export const AGGREGATION_LABELS: Record<Aggregation, string> = {
  sum: 'Cộng dồn các đơn vị',
  count_yes: 'Số đơn vị trả lời Có',
  single: 'Giá trị của đơn vị phụ trách',
  latest: 'Giá trị mới nhất',
  average: 'Trung bình các đơn vị',
};

/** A measurable target of the plan (chỉ tiêu): 1.500 căn nhà ở xã hội vào năm 2030. */
@Entity('indicators')
@Index('uq_indicators_plan_code', ['planId', 'code'], { unique: true })
@Check('ck_indicators_aggregation', `"aggregation" IN ('sum', 'count_yes', 'single', 'latest', 'average')`)
export class Indicator {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  planId!: string;

  @ManyToOne(() => Plan, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'plan_id', foreignKeyConstraintName: 'fk_indicators_plan' })
  plan?: Plan;

  /** The task the indicator measures, if any. */
  @Index('ix_indicators_task_id')
  @Column({ type: 'uuid', nullable: true })
  taskId!: string | null;

  @ManyToOne(() => Task, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'fk_indicators_task' })
  task?: Task | null;

  @Column({ type: 'varchar', length: 48 })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'varchar', length: 32 })
  unit!: string;

  /** How the values the owners report combine into the province's figure. */
  @Column({ type: 'varchar', length: 16 })
  aggregation!: Aggregation;

  /** What the report form asks each owner ("Xã đã hoàn thành quy hoạch chung?"); null: the name and unit. */
  @Column({ type: 'text', nullable: true })
  question!: string | null;

  @Column({ type: 'integer', default: 0 })
  position!: number;

  /** Agencies that report a value for this indicator. */
  @ManyToMany(() => Agency)
  @JoinTable({
    name: 'indicator_owners',
    joinColumn: { name: 'indicator_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_indicator_owners_indicator' },
    inverseJoinColumn: { name: 'agency_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_indicator_owners_agency' },
  })
  owners?: Agency[];
}
