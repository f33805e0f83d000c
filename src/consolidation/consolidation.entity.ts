import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../auth/user.entity';
import { ReportingPeriod } from '../reporting/reporting-period.entity';

/**
 * A consolidated report of a period: an immutable, versioned snapshot of the roll-up figures and
 * of the report revisions they came from (a database trigger refuses changes to those), plus the
 * coordinator's narrative and document number, editable until the report is final.
 */
@Entity('consolidations')
@Index('uq_consolidations_period_version', ['periodId', 'version'], { unique: true })
@Check('ck_consolidations_trigger', `"trigger" IN ('manual', 'auto')`)
export class Consolidation {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  periodId!: string;

  @ManyToOne(() => ReportingPeriod, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'period_id', foreignKeyConstraintName: 'fk_consolidations_period' })
  period?: ReportingPeriod;

  @Column({ type: 'integer' })
  version!: number;

  /** manual (the coordinator), auto (C-3) */
  @Column({ type: 'varchar', length: 16 })
  trigger!: string;

  @Column({ type: 'uuid', nullable: true })
  builtBy!: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'built_by', foreignKeyConstraintName: 'fk_consolidations_built_by' })
  builder?: User;

  @Column({ type: 'timestamptz' })
  builtAt!: Date;

  /** The roll-up as built. */
  @Column({ type: 'jsonb' })
  figures!: Record<string, unknown>;

  /** The report revisions it used: [{reportId, agencyCode, revision}]. */
  @Column({ type: 'jsonb' })
  revisions!: unknown[];

  /** assessment, difficulties, keyTasks, proposals: pre-filled from the roll-up, edited by the coordinator. */
  @Column({ type: 'jsonb' })
  narrative!: Record<string, string>;

  @Column({ type: 'varchar', length: 64, nullable: true })
  documentNumber!: string | null;

  /** The date it was sent to UBND tỉnh (marked final). */
  @Column({ type: 'date', nullable: true })
  sentDate!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  finalizedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  finalizedBy!: string | null;

  /** Whether it was sent before the consolidation deadline (30/5, 25/12). */
  @Column({ type: 'boolean', nullable: true })
  metDeadline!: boolean | null;

  /** Optimistic locking for the narrative editor. */
  @Column({ type: 'integer', default: 1 })
  editVersion!: number;

  @Column({ type: 'timestamptz', nullable: true })
  updatedAt!: Date | null;
}
