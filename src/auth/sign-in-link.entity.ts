import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from './user.entity';

export const SIGN_IN_LINK_PURPOSES = ['welcome', 'reset'] as const;
export type SignInLinkPurpose = (typeof SIGN_IN_LINK_PURPOSES)[number];

/**
 * A one-time link that lets a user choose their password: sent when an account is created
 * without one (welcome) or when the administrator resets it (reset). Only the SHA-256 of the
 * link's random token is stored; the link works once, until it expires.
 */
@Entity('sign_in_links')
@Check('ck_sign_in_links_purpose', `"purpose" IN ('welcome', 'reset')`)
export class SignInLink {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('uq_sign_in_links_token_hash', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  tokenHash!: string;

  @Index('ix_sign_in_links_user_id')
  @Column({ type: 'uuid' })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_sign_in_links_user' })
  user?: User;

  @Column({ type: 'varchar', length: 16 })
  purpose!: SignInLinkPurpose;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt!: Date | null;
}
