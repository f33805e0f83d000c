import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The development mailbox: with no SMTP_URL outside production, every email the app sends is
 * stored here instead (never dropped), and the mailbox page shows it.
 */
@Entity('dev_mailbox')
export class DevMail {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('ix_dev_mailbox_email_id')
  @Column({ type: 'uuid', nullable: true })
  emailId!: string | null;

  @Column({ type: 'text' })
  messageId!: string;

  @Column({ type: 'text' })
  sender!: string;

  @Column({ type: 'text', array: true })
  recipients!: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  cc!: string[];

  @Column({ type: 'text' })
  subject!: string;

  @Column({ type: 'text' })
  text!: string;

  @Column({ type: 'text' })
  html!: string;

  @Index('ix_dev_mailbox_received_at')
  @Column({ type: 'timestamptz' })
  receivedAt!: Date;
}
