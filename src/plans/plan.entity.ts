import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Agency } from '../agencies/agency.entity';

/** A province's plan: the document that assigns tasks and sets the reporting regime. */
@Entity('plans')
@Check('ck_plans_years', `"end_year" >= "start_year" AND "start_year" BETWEEN 2000 AND 2100 AND "end_year" <= 2100`)
@Check('ck_plans_code', `"code" ~ '^[A-Za-z0-9_.-]{1,48}$'`)
export class Plan {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('uq_plans_code', { unique: true })
  @Column({ type: 'varchar', length: 48 })
  code!: string;

  @Column({ type: 'text' })
  title!: string;

  /** "Ủy ban nhân dân tỉnh Cao Bằng" */
  @Column({ type: 'varchar', length: 255 })
  issuingBody!: string;

  /** Number and date of the plan document, when known. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  documentNumber!: string | null;

  @Column({ type: 'date', nullable: true })
  documentDate!: string | null;

  /** What the plan implements ("Kế hoạch số 32-KH/TU ngày 28/11/2025 của Tỉnh ủy Cao Bằng"). */
  @Column({ type: 'text', nullable: true })
  legalBasis!: string | null;

  @Column({ type: 'smallint' })
  startYear!: number;

  @Column({ type: 'smallint' })
  endYear!: number;

  @Index('ix_plans_coordinating_agency_id')
  @Column({ type: 'uuid' })
  coordinatingAgencyId!: string;

  @ManyToOne(() => Agency, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'coordinating_agency_id', foreignKeyConstraintName: 'fk_plans_coordinating_agency' })
  coordinatingAgency?: Agency;

  /** Who receives the consolidated report (UBND tỉnh). */
  @Index('ix_plans_recipient_agency_id')
  @Column({ type: 'uuid', nullable: true })
  recipientAgencyId!: string | null;

  @ManyToOne(() => Agency, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'recipient_agency_id', foreignKeyConstraintName: 'fk_plans_recipient_agency' })
  recipientAgency?: Agency | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
