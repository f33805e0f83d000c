import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SqlRepository } from '../database/sql-repository';
import type { SignInLinkPurpose } from './sign-in-link.entity';

/** A link found by its token's hash, with the account it is for. */
export interface SignInLinkRow {
  id: string;
  userId: string;
  purpose: SignInLinkPurpose;
  expiresAt: Date;
  usedAt: Date | null;
  username: string;
  displayName: string;
  disabled: boolean;
}

const LINK = `SELECT l.id, l.user_id AS "userId", l.purpose, l.expires_at AS "expiresAt", l.used_at AS "usedAt",
    u.username, u.display_name AS "displayName", u.disabled
  FROM sign_in_links l JOIN users u ON u.id = l.user_id`;

/** One-time sign-in links (table `sign_in_links`); only the SHA-256 of a link's token is stored. */
@Injectable()
export class SignInLinksRepository extends SqlRepository {
  constructor(dataSource: DataSource) {
    super(dataSource);
  }

  /** Stores a new link; answers its id. */
  async insert(
    link: { tokenHash: string; userId: string; purpose: SignInLinkPurpose; createdAt: Date; expiresAt: Date },
    em?: EntityManager,
  ): Promise<string> {
    const row = await this.first<{ id: string }>(
      'INSERT INTO sign_in_links (token_hash, user_id, purpose, created_at, expires_at) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [link.tokenHash, link.userId, link.purpose, link.createdAt, link.expiresAt],
      em,
    );
    return row!.id;
  }

  /** The link holding this token hash, if any. */
  byTokenHash(tokenHash: string, em?: EntityManager): Promise<SignInLinkRow | undefined> {
    return this.first<SignInLinkRow>(`${LINK} WHERE l.token_hash = $1`, [tokenHash], em);
  }

  /** The same, locked until the caller's transaction ends (so a link is redeemed once). */
  lockByTokenHash(tokenHash: string, em: EntityManager): Promise<SignInLinkRow | undefined> {
    return this.first<SignInLinkRow>(`${LINK} WHERE l.token_hash = $1 FOR UPDATE OF l`, [tokenHash], em);
  }

  async markUsed(linkId: string, now: Date, em?: EntityManager): Promise<void> {
    await this.change('UPDATE sign_in_links SET used_at = $2 WHERE id = $1', [linkId, now], em);
  }

  /** Forgets the user's links not used yet (a newer link or a new password replaces them); answers how many. */
  async deleteUnusedOf(userId: string, em?: EntityManager): Promise<number> {
    const { affected } = await this.change('DELETE FROM sign_in_links WHERE user_id = $1 AND used_at IS NULL', [userId], em);
    return affected;
  }
}
