import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Agency } from '../agencies/agency.entity';

export const ROLES = ['administrator', 'coordinator', 'leader', 'reporter', 'head'] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABELS: Record<Role, string> = {
  administrator: 'Quản trị hệ thống',
  coordinator: 'Cán bộ tổng hợp (cơ quan tổng hợp báo cáo)',
  leader: 'Lãnh đạo (chỉ xem)',
  reporter: 'Cán bộ báo cáo',
  head: 'Lãnh đạo cơ quan',
};

/** A person who signs in; every user belongs to one agency. */
@Entity('users')
@Check('ck_users_role', `"role" IN ('administrator', 'coordinator', 'leader', 'reporter', 'head')`)
@Check('ck_users_username', `"username" ~ '^[a-z0-9._-]{2,64}$'`)
export class User {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Lower case; reporters use their agency code (stc), heads add -ld (stc-ld). */
  @Index('uq_users_username', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  username!: string;

  @Column({ type: 'varchar', length: 255 })
  passwordHash!: string;

  @Column({ type: 'varchar', length: 255 })
  displayName!: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  email!: string | null;

  @Column({ type: 'varchar', length: 16 })
  role!: Role;

  @Index('ix_users_agency_id')
  @Column({ type: 'uuid' })
  agencyId!: string;

  @ManyToOne(() => Agency, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'agency_id', foreignKeyConstraintName: 'fk_users_agency' })
  agency?: Agency;

  @Column({ type: 'boolean', default: false })
  disabled!: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
