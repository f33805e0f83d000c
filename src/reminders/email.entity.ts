import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Agency } from '../agencies/agency.entity';
import { ReportingPeriod } from '../reporting/reporting-period.entity';
import { Reminder } from './reminder.entity';

export const EMAIL_STATES = ['pending', 'sending', 'sent', 'failed'] as const;
export type EmailState = (typeof EMAIL_STATES)[number];

/**
 * The outbox: every email is a row before it is a job (the job's id is the row's id). A row is
 * unique by its idempotency key, derived from what caused it (`reminder:<id>`,
 * `digest:<period>:<day>`, `report-returned:<report>:<n>`), so causing it twice adds nothing.
 */
@Entity('emails')
@Index('uq_emails_idempotency_key', ['idempotencyKey'], { unique: true })
@Index('ix_emails_state', ['state'])
@Check('ck_emails_state', `"state" IN ('pending', 'sending', 'sent', 'failed')`)
@Check(
  'ck_emails_kind',
  `"kind" IN ('before_deadline', 'overdue', 'escalation', 'digest', 'consolidation', 'returned', 'accepted', 'account_link', 'chain_input')`,
)
export class Email {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  idempotencyKey!: string;

  /** Which template: before_deadline, overdue, escalation, digest, consolidation, returned, accepted, account_link, chain_input. */
  @Column({ type: 'varchar', length: 32 })
  kind!: string;

  @Index('ix_emails_reminder_id')
  @Column({ type: 'uuid', nullable: true })
  reminderId!: string | null;

  @ManyToOne(() => Reminder, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'reminder_id', foreignKeyConstraintName: 'fk_emails_reminder' })
  reminder?: Reminder;

  @Index('ix_emails_period_id')
  @Column({ type: 'uuid', nullable: true })
  periodId!: string | null;

  @ManyToOne(() => ReportingPeriod, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'period_id', foreignKeyConstraintName: 'fk_emails_period' })
  period?: ReportingPeriod;

  @Index('ix_emails_agency_id')
  @Column({ type: 'uuid', nullable: true })
  agencyId!: string | null;

  @ManyToOne(() => Agency, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agency_id', foreignKeyConstraintName: 'fk_emails_agency' })
  agency?: Agency;

  @Column({ type: 'text', array: true })
  recipients!: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  cc!: string[];

  /** What the template is rendered from, at sending time. */
  @Column({ type: 'jsonb' })
  data!: Record<string, unknown>;

  /** As rendered when it was last sent (or tried). */
  @Column({ type: 'text', nullable: true })
  subject!: string | null;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  state!: EmailState;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  /** A send was cut off mid-way (crash) and the message sent again: the recipient may have it twice. */
  @Column({ type: 'boolean', default: false })
  possiblyDuplicate!: boolean;

  /** The SMTP server's answer to the last attempt (250 …, or the refusal). */
  @Column({ type: 'text', nullable: true })
  smtpResponse!: string | null;

  @Column({ type: 'text', nullable: true })
  messageId!: string | null;

  @Column({ type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  sendingAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  failedAt!: Date | null;
}
