import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { decimalTransformer } from '../common/decimal';
import { Indicator } from './indicator.entity';

/**
 * How the value reached compares with the target: at least, exactly or at most `value`; `about`
 * ("khoảng 60%": within ±5 % of it) or `between` `value` and `valueTo` ("từ 1,5 đến 1,9%").
 */
export const COMPARATORS = ['at_least', 'exactly', 'at_most', 'about', 'between'] as const;
export type Comparator = (typeof COMPARATORS)[number];
/** The word put before a target's value on pages and in reports (a range is written "1,5–1,9" with no word). */
export const COMPARATOR_LABELS: Record<Comparator, string> = {
  at_least: 'tối thiểu',
  exactly: '',
  at_most: 'tối đa',
  about: 'khoảng',
  between: '',
};

/** The value an indicator must reach by the end of a year of the plan. */
@Entity('indicator_targets')
@Index('uq_indicator_targets_indicator_year', ['indicatorId', 'year'], { unique: true })
@Check('ck_indicator_targets_comparator', `"comparator" IN ('at_least', 'exactly', 'at_most', 'about', 'between')`)
@Check('ck_indicator_targets_value', `"value" >= 0`)
// A range has its upper bound, above its lower one; every other comparator has none.
@Check(
  'ck_indicator_targets_value_to',
  `("comparator" = 'between') = ("value_to" IS NOT NULL) AND ("value_to" IS NULL OR "value_to" > "value")`,
)
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

  /** The upper bound of a `between` target; null for every other comparator. */
  @Column({ type: 'numeric', precision: 20, scale: 3, nullable: true, transformer: decimalTransformer })
  valueTo!: string | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;
}
