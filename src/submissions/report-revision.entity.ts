import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../auth/user.entity';
import { AgencyReport } from './agency-report.entity';

/** The report exactly as sent, frozen at each submission; never updated (a trigger refuses it). */
@Entity('report_revisions')
@Index('uq_report_revisions_report_number', ['reportId', 'number'], { unique: true })
export class ReportRevision {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  reportId!: string;

  @ManyToOne(() => AgencyReport, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'report_id', foreignKeyConstraintName: 'fk_report_revisions_report' })
  report?: AgencyReport;

  @Column({ type: 'integer' })
  number!: number;

  @Column({ type: 'jsonb' })
  snapshot!: Record<string, unknown>;

  @Column({ type: 'timestamptz' })
  submittedAt!: Date;

  @Column({ type: 'uuid' })
  submittedBy!: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'submitted_by', foreignKeyConstraintName: 'fk_report_revisions_submitted_by' })
  submitter?: User;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
