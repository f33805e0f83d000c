import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Plan } from '../plans/plan.entity';
import { ReportKind } from './report-kind.entity';

export const PERIOD_STATES = ['upcoming', 'open', 'due', 'closed'] as const;
export type PeriodState = (typeof PERIOD_STATES)[number];

/** One occurrence of a report kind: "Báo cáo 6 tháng đầu năm 2026", due 20/5/2026 00:00 ICT. */
@Entity('reporting_periods')
@Index('uq_reporting_periods_kind_year_slot', ['reportKindId', 'year', 'slot'], { unique: true })
@Index('ix_reporting_periods_plan_due', ['planId', 'dueAt'])
@Check('ck_reporting_periods_state', `"state" IN ('upcoming', 'open', 'due', 'closed')`)
@Check('ck_reporting_periods_order', `"opens_at" <= "due_at" AND ("consolidation_due_at" IS NULL OR "consolidation_due_at" >= "due_at")`)
export class ReportingPeriod {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  reportKindId!: string;

  @ManyToOne(() => ReportKind, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'report_kind_id', foreignKeyConstraintName: 'fk_reporting_periods_kind' })
  reportKind?: ReportKind;

  @Column({ type: 'uuid' })
  planId!: string;

  @ManyToOne(() => Plan, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'plan_id', foreignKeyConstraintName: 'fk_reporting_periods_plan' })
  plan?: Plan;

  @Column({ type: 'smallint' })
  year!: number;

  /** Sub-period of the year (1 = first half or first quarter); 0 for one-off kinds. */
  @Column({ type: 'smallint' })
  slot!: number;

  @Column({ type: 'varchar', length: 255 })
  label!: string;

  @Column({ type: 'date', nullable: true })
  dataFrom!: string | null;

  @Column({ type: 'date', nullable: true })
  dataTo!: string | null;

  @Column({ type: 'timestamptz' })
  opensAt!: Date;

  /** Agencies' deadline: a report received at this instant or later is late. */
  @Column({ type: 'timestamptz' })
  dueAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  consolidationDueAt!: Date | null;

  @Column({ type: 'varchar', length: 16, default: 'upcoming' })
  state!: PeriodState;

  /** Set when the period's consolidated report is final: reports no longer change, unless reopened. */
  @Column({ type: 'timestamptz', nullable: true })
  lockedAt!: Date | null;

  /** When `state` was last recorded by a calendar event. */
  @Column({ type: 'timestamptz', nullable: true })
  stateChangedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
