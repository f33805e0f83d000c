import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../auth/user.entity';
import { AgencyReport } from './agency-report.entity';

/** The history of a report's workflow: who submitted, returned (with the comment) or accepted it, when. */
@Entity('report_events')
@Index('ix_report_events_report_at', ['reportId', 'at'])
@Check('ck_report_events_action', `"action" IN ('submitted', 'returned', 'accepted', 'reopened')`)
export class ReportEvent {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  reportId!: string;

  @ManyToOne(() => AgencyReport, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'report_id', foreignKeyConstraintName: 'fk_report_events_report' })
  report?: AgencyReport;

  @Column({ type: 'varchar', length: 16 })
  action!: string;

  @Column({ type: 'uuid' })
  actorId!: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'actor_id', foreignKeyConstraintName: 'fk_report_events_actor' })
  actor?: User;

  @Column({ type: 'text', nullable: true })
  comment!: string | null;

  /** The revision the action concerns, when there is one. */
  @Column({ type: 'integer', nullable: true })
  revision!: number | null;

  @Column({ type: 'timestamptz' })
  at!: Date;
}
