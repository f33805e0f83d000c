import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../auth/user.entity';
import { AgencyReport } from './agency-report.entity';

/** A file attached to a report (the signed letter as PDF, images, office files), stored by checksum. */
@Entity('attachments')
@Index('uq_attachments_report_source', ['reportId', 'sourceConsolidationId'], {
  unique: true,
  where: `"source_consolidation_id" IS NOT NULL`,
})
export class Attachment {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('ix_attachments_report_id')
  @Column({ type: 'uuid' })
  reportId!: string;

  @ManyToOne(() => AgencyReport, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'report_id', foreignKeyConstraintName: 'fk_attachments_report' })
  report?: AgencyReport;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ type: 'integer' })
  size!: number;

  @Column({ type: 'char', length: 64 })
  sha256!: string;

  /** As judged from the content, not the name. */
  @Column({ type: 'varchar', length: 128 })
  mediaType!: string;

  /** Where the AttachmentStore keeps the bytes. */
  @Column({ type: 'varchar', length: 255 })
  storageKey!: string;

  @Column({ type: 'uuid' })
  uploadedBy!: string;

  /**
   * A report chain's input: the final consolidated report (of a lower level's plan) this file is
   * the DOCX of; at most one per report, so a retried delivery never attaches it twice.
   */
  @Column({ type: 'uuid', nullable: true })
  sourceConsolidationId!: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'uploaded_by', foreignKeyConstraintName: 'fk_attachments_uploaded_by' })
  uploader?: User;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;
}
