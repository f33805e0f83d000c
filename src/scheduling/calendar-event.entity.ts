import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ReportingPeriod } from '../reporting/reporting-period.entity';

export const CALENDAR_EVENTS = ['open', 'reminder', 'deadline', 'consolidation_reminder', 'consolidation_deadline'] as const;
export type CalendarEventKind = (typeof CALENDAR_EVENTS)[number];
export const EVENT_STATES = ['pending', 'fired', 'skipped'] as const;
export type EventState = (typeof EVENT_STATES)[number];

/**
 * One timer of the reporting calendar, identified by (period, event, rule). Postgres holds it;
 * BullMQ holds a delayed job with the same identity that the reconciler can always rebuild.
 */
@Entity('calendar_events')
@Index('uq_calendar_events_identity', ['periodId', 'event', 'ruleCode'], { unique: true })
@Index('ix_calendar_events_pending_due', ['state', 'dueAt'])
@Check('ck_calendar_events_event', `"event" IN ('open', 'reminder', 'deadline', 'consolidation_reminder', 'consolidation_deadline')`)
@Check('ck_calendar_events_state', `"state" IN ('pending', 'fired', 'skipped')`)
export class CalendarEvent {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  periodId!: string;

  @ManyToOne(() => ReportingPeriod, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'period_id', foreignKeyConstraintName: 'fk_calendar_events_period' })
  period?: ReportingPeriod;

  @Column({ type: 'varchar', length: 32 })
  event!: CalendarEventKind;

  /** The reminder rule (D-7, D+3, C-1); empty for the period's own events. */
  @Column({ type: 'varchar', length: 32, default: '' })
  ruleCode!: string;

  @Column({ type: 'timestamptz' })
  dueAt!: Date;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  state!: EventState;

  @Column({ type: 'timestamptz', nullable: true })
  firedAt!: Date | null;

  /** How long after its due instant the effect was recorded (ms), by the application clock. */
  @Column({ type: 'bigint', nullable: true })
  latenessMs!: string | null;

  /** Deliveries of the job; more than one means a duplicate delivery that changed nothing. */
  @Column({ type: 'integer', default: 0 })
  deliveries!: number;

  /** Why it was skipped, in Vietnamese. */
  @Column({ type: 'text', nullable: true })
  note!: string | null;
}
