import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Agency } from '../agencies/agency.entity';
import { User } from '../auth/user.entity';
import { ReportingPeriod } from '../reporting/reporting-period.entity';
import { CHECK_REPORT_STATE, ReportState } from './report.constants';

/** One agency's report for one period: draft → submitted → returned → submitted → accepted. */
@Entity('agency_reports')
@Index('uq_agency_reports_period_agency', ['periodId', 'agencyId'], { unique: true })
@Index('ix_agency_reports_period_state', ['periodId', 'state'])
@Check('ck_agency_reports_state', CHECK_REPORT_STATE)
export class AgencyReport {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  periodId!: string;

  @ManyToOne(() => ReportingPeriod, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'period_id', foreignKeyConstraintName: 'fk_agency_reports_period' })
  period?: ReportingPeriod;

  @Index('ix_agency_reports_agency_id')
  @Column({ type: 'uuid' })
  agencyId!: string;

  @ManyToOne(() => Agency, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'agency_id', foreignKeyConstraintName: 'fk_agency_reports_agency' })
  agency?: Agency;

  @Column({ type: 'varchar', length: 16, default: 'draft' })
  state!: ReportState;

  /** Optimistic lock: every save must name the version it read. */
  @Column({ type: 'integer', default: 1 })
  version!: number;

  @Column({ type: 'varchar', length: 64, nullable: true })
  officialLetterNumber!: string | null;

  @Column({ type: 'date', nullable: true })
  officialLetterDate!: string | null;

  @Column({ type: 'text', nullable: true })
  summaryAssessment!: string | null;

  @Column({ type: 'text', nullable: true })
  summaryDifficulties!: string | null;

  @Column({ type: 'text', nullable: true })
  summaryProposals!: string | null;

  /** On time or late is decided by the first submission against the period's deadline. */
  @Column({ type: 'timestamptz', nullable: true })
  firstSubmittedAt!: Date | null;

  @Column({ type: 'boolean', nullable: true })
  onTime!: boolean | null;

  @Column({ type: 'timestamptz', nullable: true })
  submittedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  submittedBy!: string | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'submitted_by', foreignKeyConstraintName: 'fk_agency_reports_submitted_by' })
  submitter?: User | null;

  @Column({ type: 'text', nullable: true })
  returnComment!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  reviewedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  reviewedBy!: string | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'reviewed_by', foreignKeyConstraintName: 'fk_agency_reports_reviewed_by' })
  reviewer?: User | null;

  /** The coordinator let this agency change its report after the period was locked or the report accepted. */
  @Column({ type: 'timestamptz', nullable: true })
  reopenedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  reopenReason!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
