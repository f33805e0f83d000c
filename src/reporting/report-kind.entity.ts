import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  JoinTable,
  ManyToMany,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Agency } from '../agencies/agency.entity';
import type { DataWindowRule, DateRule, Frequency, OwedBy, ReminderRule, ReportForm } from './regime.types';
import { ReportingRegime } from './reporting-regime.entity';

/**
 * A kind of report the regime asks for (6-month, annual, quarterly, one-off), as data:
 * when periods open, the data window, the agencies' deadline and the consolidation deadline.
 */
@Entity('report_kinds')
@Index('uq_report_kinds_regime_code', ['regimeId', 'code'], { unique: true })
@Check('ck_report_kinds_frequency', `"frequency" IN ('quarterly', 'semiannual', 'annual', 'one-off')`)
@Check('ck_report_kinds_owed_by', `"owed_by" IN ('listed', 'task_agencies')`)
@Check('ck_report_kinds_form', `"form" = 'tasks' OR ("form" = 'document' AND "frequency" = 'one-off')`)
@Check(
  'ck_report_kinds_due',
  `("frequency" = 'one-off' AND "fixed_due_date" IS NOT NULL) OR ("frequency" <> 'one-off' AND "due_rule" IS NOT NULL)`,
)
export class ReportKind {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  regimeId!: string;

  @ManyToOne(() => ReportingRegime, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'regime_id', foreignKeyConstraintName: 'fk_report_kinds_regime' })
  regime?: ReportingRegime;

  /** Stable code, used as the period's `kind` in the API: semiannual, annual, one-off. */
  @Column({ type: 'varchar', length: 48 })
  code!: string;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ type: 'varchar', length: 16 })
  frequency!: Frequency;

  /** Which sub-periods of the year are reported (semiannual [1] = the first half only). */
  @Column({ type: 'smallint', array: true, default: () => "'{}'" })
  slots!: number[];

  /** The years the kind runs in (a mid-term review in 2028 only); empty: every year of the plan. */
  @Column({ type: 'smallint', array: true, default: () => "'{}'" })
  years!: number[];

  /** 'tasks': the per-task progress form; 'document' (one-off kinds): a signed letter attached, received rather than consolidated. */
  @Column({ type: 'varchar', length: 16, default: 'tasks' })
  form!: ReportForm;

  /** Label of a period; {year} and {slot} are replaced: "Báo cáo 6 tháng đầu năm {year}". */
  @Column({ type: 'varchar', length: 255 })
  periodLabel!: string;

  @Column({ type: 'jsonb', nullable: true })
  opensRule!: DateRule | null;

  @Column({ type: 'jsonb', nullable: true })
  dueRule!: DateRule | null;

  @Column({ type: 'jsonb', nullable: true })
  dataWindow!: DataWindowRule | null;

  @Column({ type: 'jsonb', nullable: true })
  consolidationDueRule!: DateRule | null;

  /** One-off kinds: the opening day (null: the plan's start) and the named deadline day. */
  @Column({ type: 'date', nullable: true })
  fixedOpensDate!: string | null;

  @Column({ type: 'date', nullable: true })
  fixedDueDate!: string | null;

  /**
   * Whether the named day itself counts: "trước ngày 20/5" read literally (false) ends at
   * 20/5 00:00; when true the deadline is the end of 20/5.
   */
  @Column({ type: 'boolean', default: false })
  namedDayCounts!: boolean;

  /** 'listed': the agencies in report_kind_agencies; 'task_agencies': every agency with a task in the plan. */
  @Column({ type: 'varchar', length: 16, default: 'task_agencies' })
  owedBy!: OwedBy;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  reminderRules!: ReminderRule[];

  @Column({ type: 'smallint', default: 0 })
  position!: number;

  /**
   * A report chain: the kind of another plan this kind's final consolidated report feeds (it
   * becomes an input of the plan's recipient agency's report of the same year and slot there).
   */
  @Index('ix_report_kinds_feeds_kind_id')
  @Column({ type: 'uuid', nullable: true })
  feedsKindId!: string | null;

  @ManyToOne(() => ReportKind, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'feeds_kind_id', foreignKeyConstraintName: 'fk_report_kinds_feeds_kind' })
  feedsKind?: ReportKind | null;

  @ManyToMany(() => Agency)
  @JoinTable({
    name: 'report_kind_agencies',
    joinColumn: { name: 'report_kind_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_report_kind_agencies_kind' },
    inverseJoinColumn: { name: 'agency_id', referencedColumnName: 'id', foreignKeyConstraintName: 'fk_report_kind_agencies_agency' },
  })
  agencies?: Agency[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
