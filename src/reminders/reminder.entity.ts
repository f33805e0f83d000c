import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Agency } from '../agencies/agency.entity';
import { ReportingPeriod } from '../reporting/reporting-period.entity';

export const REMINDER_STATES = ['pending', 'sent', 'failed', 'cancelled', 'skipped'] as const;
export type ReminderState = (typeof REMINDER_STATES)[number];

/** A reminder due to one agency for one period under one rule; unique per (period, agency, rule). */
@Entity('reminders')
@Index('uq_reminders_period_agency_rule', ['periodId', 'agencyId', 'rule'], { unique: true })
@Index('ix_reminders_state', ['state'])
@Check('ck_reminders_state', `"state" IN ('pending', 'sent', 'failed', 'cancelled', 'skipped')`)
export class Reminder {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  periodId!: string;

  @ManyToOne(() => ReportingPeriod, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'period_id', foreignKeyConstraintName: 'fk_reminders_period' })
  period?: ReportingPeriod;

  @Index('ix_reminders_agency_id')
  @Column({ type: 'uuid' })
  agencyId!: string;

  @ManyToOne(() => Agency, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agency_id', foreignKeyConstraintName: 'fk_reminders_agency' })
  agency?: Agency;

  /** D-7, D+3, C-1, manual-2026-05-21 */
  @Column({ type: 'varchar', length: 32 })
  rule!: string;

  /** agency, agency_and_head or coordinator */
  @Column({ type: 'varchar', length: 32 })
  audience!: string;

  @Column({ type: 'timestamptz' })
  dueAt!: Date;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  state!: ReminderState;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  recipients!: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  cc!: string[];

  @Column({ type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
