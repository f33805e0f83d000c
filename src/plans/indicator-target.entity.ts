import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { decimalTransformer } from '../common/decimal';
import { Indicator } from './indicator.entity';

export const COMPARATORS = ['at_least', 'exactly', 'at_most'] as const;
export type Comparator = (typeof COMPARATORS)[number];
export const COMPARATOR_LABELS: Record<Comparator, string> = { at_least: 'tối thiểu', exactly: '', at_most: 'tối đa' };

/** The value an indicator must reach by the end of a year of the plan. */
@Entity('indicator_targets')
@Index('uq_indicator_targets_indicator_year', ['indicatorId', 'year'], { unique: true })
@Check('ck_indicator_targets_comparator', `"comparator" IN ('at_least', 'exactly', 'at_most')`)
@Check('ck_indicator_targets_value', `"value" >= 0`)
export class IndicatorTarget {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  indicatorId!: string;

  @ManyToOne(() => Indicator, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'indicator_id', foreignKeyConstraintName: 'fk_indicator_targets_indicator' })
  indicator?: Indicator;

  @Column({ type: 'smallint' })
  year!: number;

  @Column({ type: 'varchar', length: 16, default: 'at_least' })
  comparator!: Comparator;

  @Column({ type: 'numeric', precision: 20, scale: 3, transformer: decimalTransformer })
  value!: string;

  @Column({ type: 'text', nullable: true })
  note!: string | null;
}
