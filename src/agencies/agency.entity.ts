import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const AGENCY_KINDS = ['province', 'department', 'district', 'commune', 'ward', 'other'] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

export const AGENCY_KIND_LABELS: Record<AgencyKind, string> = {
  province: 'Cấp tỉnh',
  department: 'Sở, ban, ngành',
  district: 'Cấp huyện',
  commune: 'Xã',
  ward: 'Phường',
  other: 'Khác',
};

/** An organisational unit: the province, a department, a commune or ward People's Committee. */
@Entity('agencies')
@Check('ck_agencies_kind', `"kind" IN ('province', 'department', 'district', 'commune', 'ward', 'other')`)
@Check('ck_agencies_code', `"code" ~ '^[A-Za-z0-9_-]{1,32}$'`)
export class Agency {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Official code: an administrative unit code (01273) or an abbreviation (SXD). */
  @Index('uq_agencies_code', { unique: true })
  @Column({ type: 'varchar', length: 32 })
  code!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: AgencyKind;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ type: 'varchar', length: 128 })
  shortName!: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  emails!: string[];

  @Index('ix_agencies_parent_id')
  @Column({ type: 'uuid', nullable: true })
  parentId!: string | null;

  @ManyToOne(() => Agency, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'fk_agencies_parent' })
  parent?: Agency | null;

  /** The province (or city) the agency belongs to ("Cao Bằng"); a workbook's names resolve only within it. */
  @Index('ix_agencies_jurisdiction')
  @Column({ type: 'varchar', length: 64, nullable: true })
  jurisdiction!: string | null;

  /** When on, only the agency head may send the agency's reports. */
  @Column({ type: 'boolean', default: false })
  requiresHeadSignOff!: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
