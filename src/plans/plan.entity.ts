import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Agency } from '../agencies/agency.entity';

/** A province's plan: the document that assigns tasks and sets the reporting regime. */
@Entity('plans')
@Check('ck_plans_years', `"end_year" >= "start_year" AND "start_year" BETWEEN 2000 AND 2100 AND "end_year" <= 2100`)
@Check('ck_plans_code', `"code" ~ '^[A-Za-z0-9_.-]{1,48}$'`)
@Check('ck_plans_body_kind', `"body_kind" IN ('state', 'party')`)
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

  /** The province (or city) the plan and its agencies belong to: "Cao Bằng". */
  @Column({ type: 'varchar', length: 64, nullable: true })
  jurisdiction!: string | null;

  /** A state body or a party body: decides the motto and the number form of its documents. */
  @Column({ type: 'varchar', length: 8, default: 'state' })
  bodyKind!: 'state' | 'party';

  /** The letterhead's upper line, above the coordinating agency ("UBND TỈNH CAO BẰNG"); derived when null. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  letterheadParent!: string | null;

  /** The symbol after the number ("BC-SXD", "BC/TU"); derived from the coordinating agency when null. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  numberSymbol!: string | null;

  /** The place in the date line ("Cao Bằng"); the jurisdiction when null. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  placeName!: string | null;

  /** "KT. GIÁM ĐỐC", "T/M BAN THƯỜNG VỤ": the signing authority, when someone signs on another's behalf. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  signerAuthority!: string | null;

  /** "PHÓ GIÁM ĐỐC": the signer's title. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  signerTitle!: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  signerName!: string | null;

  /** "Lưu: VT, QLXD": the last line of "Nơi nhận". */
  @Column({ type: 'varchar', length: 128, nullable: true })
  storageLine!: string | null;

  /** Who signs the plan's emails ("Sở Xây dựng tỉnh Cao Bằng") and their From address; derived when null. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  senderName!: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  senderEmail!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
