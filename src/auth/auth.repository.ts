import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { SqlRepository } from '../database/sql-repository';
import type { CurrentUser } from './auth.types';
import type { Role } from './user.entity';

/** What sign-in checks a password against. */
export interface Credentials {
  id: string;
  passwordHash: string;
  disabled: boolean;
}

/** An account as the administrator sees it. */
export interface AccountRow {
  username: string;
  displayName: string;
  email: string | null;
  role: string;
  agencyCode: string;
  disabled: boolean;
}

/** A line of the administrator's user search. */
export interface AccountSearchRow {
  username: string;
  display_name: string;
  email: string | null;
  role: Role;
  disabled: boolean;
  agency: string | null;
}

export interface NewAccount {
  username: string;
  passwordHash: string;
  displayName: string;
  email: string | null;
  role: string;
  agencyId: string;
}

/** An account with what its sign-in link email says: its name, address and agency. */
export interface LinkAccountRow {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  disabled: boolean;
  agencyId: string;
  agencyName: string;
}

/** An account as the plan workbook lists it (sheet "Tài khoản"). */
export interface WorkbookAccountRow {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  role: Role;
  agencyCode: string;
}

/** Changes to an account; `undefined` leaves a field as it is (e-mail: `email: null` clears it). */
export interface AccountChanges {
  displayName?: string;
  email?: string | null;
  role?: string;
  disabled?: boolean;
  /** Moves the account to this agency. */
  agencyId?: string;
}

const ACCOUNT = `SELECT u.username, u.display_name AS "displayName", u.email, u.role, a.code AS "agencyCode", u.disabled
  FROM users u JOIN agencies a ON a.id = u.agency_id`;

/** Accounts (users) and their sessions. Reads `agencies` for the agency code of an account. */
@Injectable()
export class AuthRepository extends SqlRepository {
  constructor(dataSource: DataSource) {
    super(dataSource);
  }

  /** The password hash and state of a username, for sign-in. */
  credentials(username: string, em?: EntityManager): Promise<Credentials | undefined> {
    return this.first<Credentials>('SELECT id, password_hash AS "passwordHash", disabled FROM users WHERE username = $1', [username], em);
  }

  /** The password hash of a user, to check their current password. */
  async passwordHash(userId: string, em?: EntityManager): Promise<string | undefined> {
    const row = await this.first<{ password_hash: string }>('SELECT password_hash FROM users WHERE id = $1', [userId], em);
    return row?.password_hash;
  }

  /** Opens a session for a token (only its SHA-256 is stored). */
  async openSession(session: { tokenHash: string; userId: string; createdAt: Date; expiresAt: Date }, em?: EntityManager): Promise<void> {
    await this.db(em).query('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)', [
      session.tokenHash,
      session.userId,
      session.createdAt,
      session.expiresAt,
    ]);
  }

  /** The enabled user whose session holds this token hash and is neither revoked nor expired at `now`. */
  sessionUser(tokenHash: string, now: Date, em?: EntityManager): Promise<CurrentUser | undefined> {
    return this.first<CurrentUser>(
      `SELECT u.id, u.username, u.display_name AS "displayName", u.role, u.agency_id AS "agencyId", a.code AS "agencyCode", s.id AS "sessionId"
       FROM sessions s JOIN users u ON u.id = s.user_id JOIN agencies a ON a.id = u.agency_id
       WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 AND NOT u.disabled`,
      [tokenHash, now],
      em,
    );
  }

  /** Ends one session (sign-out). */
  async revokeSession(sessionId: string, now: Date, em?: EntityManager): Promise<void> {
    await this.change('UPDATE sessions SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [sessionId, now], em);
  }

  /** Ends every open session of a user, but `keepSessionId` when given. */
  async revokeUserSessions(userId: string, now: Date, keepSessionId?: string, em?: EntityManager): Promise<void> {
    await this.change(
      'UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND ($3::uuid IS NULL OR id <> $3) AND revoked_at IS NULL',
      [userId, now, keepSessionId ?? null],
      em,
    );
  }

  /** Every account, by agency code then username. */
  accounts(em?: EntityManager): Promise<AccountRow[]> {
    return this.rows<AccountRow>(`${ACCOUNT} ORDER BY a.code, u.username`, [], em);
  }

  /** One account by username. */
  account(username: string, em?: EntityManager): Promise<AccountRow | undefined> {
    return this.first<AccountRow>(`${ACCOUNT} WHERE u.username = $1`, [username], em);
  }

  /**
   * Accounts whose username, name, e-mail or agency name contain `likeTerm` (a LIKE pattern,
   * ignoring case and diacritics), or every account when it is null; at most 500.
   */
  searchAccounts(likeTerm: string | null, em?: EntityManager): Promise<AccountSearchRow[]> {
    return this.rows<AccountSearchRow>(
      `SELECT u.username, u.display_name, u.email, u.role, u.disabled, a.short_name AS agency
       FROM users u LEFT JOIN agencies a ON a.id = u.agency_id
       WHERE $1::text IS NULL OR unaccent(lower(u.username || ' ' || u.display_name || ' ' || coalesce(u.email, '') || ' ' || coalesce(a.name, ''))) LIKE unaccent(lower($1))
       LIMIT 500`,
      [likeTerm],
      em,
    );
  }

  /** The id of the agency with this code (an account belongs to one). */
  async agencyIdByCode(code: string, em?: EntityManager): Promise<string | undefined> {
    const row = await this.first<{ id: string }>('SELECT id FROM agencies WHERE code = $1', [code], em);
    return row?.id;
  }

  /** Creates an account; answers its id, or undefined when the username is taken. */
  async insertAccount(account: NewAccount, em?: EntityManager): Promise<string | undefined> {
    const row = await this.first<{ id: string }>(
      `INSERT INTO users (username, password_hash, display_name, email, role, agency_id) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (username) DO NOTHING RETURNING id`,
      [account.username, account.passwordHash, account.displayName, account.email, account.role, account.agencyId],
      em,
    );
    return row?.id;
  }

  /** Locks an account for a change (inside the caller's transaction); answers its id. */
  async lockAccount(username: string, em?: EntityManager): Promise<string | undefined> {
    const row = await this.first<{ id: string }>('SELECT id FROM users WHERE username = $1 FOR UPDATE', [username], em);
    return row?.id;
  }

  async updateAccount(userId: string, changes: AccountChanges, em?: EntityManager): Promise<void> {
    await this.change(
      `UPDATE users SET display_name = coalesce($2, display_name), email = CASE WHEN $3 THEN $4 ELSE email END,
         role = coalesce($5, role), disabled = coalesce($6, disabled), agency_id = coalesce($7::uuid, agency_id), updated_at = now()
       WHERE id = $1`,
      [
        userId,
        changes.displayName ?? null,
        changes.email !== undefined,
        changes.email ?? null,
        changes.role ?? null,
        changes.disabled ?? null,
        changes.agencyId ?? null,
      ],
      em,
    );
  }

  /** Sets the password of a username; answers the account's id, or undefined when there is none. */
  async setPasswordByUsername(username: string, passwordHash: string, em?: EntityManager): Promise<string | undefined> {
    const { rows } = await this.change<{ id: string }>(
      'UPDATE users SET password_hash = $2, updated_at = now() WHERE username = $1 RETURNING id',
      [username, passwordHash],
      em,
    );
    return rows[0]?.id;
  }

  async setPassword(userId: string, passwordHash: string, em?: EntityManager): Promise<void> {
    await this.change('UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1', [userId, passwordHash], em);
  }

  /** An account by id with its agency's name, for the email of a sign-in link. */
  linkAccount(userId: string, em?: EntityManager): Promise<LinkAccountRow | undefined> {
    return this.first<LinkAccountRow>(
      `SELECT u.id, u.username, u.display_name AS "displayName", u.email, u.disabled, u.agency_id AS "agencyId", a.name AS "agencyName"
       FROM users u JOIN agencies a ON a.id = u.agency_id WHERE u.id = $1`,
      [userId],
      em,
    );
  }

  /**
   * The enabled accounts with an email that `identifier` names, for "Quên mật khẩu?": by
   * username, or by email ignoring case (one address may serve a few accounts); at most 5.
   */
  passwordResetAccounts(identifier: string, em?: EntityManager): Promise<{ id: string; username: string }[]> {
    return this.rows<{ id: string; username: string }>(
      `SELECT id, username FROM users
       WHERE NOT disabled AND email IS NOT NULL AND email <> '' AND (username = lower($1) OR lower(email) = lower($1))
       ORDER BY username LIMIT 5`,
      [identifier],
      em,
    );
  }

  /** The accounts with these usernames (an import's sheet "Tài khoản" against what exists). */
  accountsByUsernames(usernames: string[], em?: EntityManager): Promise<WorkbookAccountRow[]> {
    return this.rows<WorkbookAccountRow>(
      `SELECT u.id, u.username, u.display_name AS "displayName", u.email, u.role, a.code AS "agencyCode"
       FROM users u JOIN agencies a ON a.id = u.agency_id WHERE u.username = ANY($1::text[])`,
      [usernames],
      em,
    );
  }

  /** The accounts of these agencies but administrators, by agency code then username (a plan's export). */
  accountsOfAgencies(agencyCodes: string[], em?: EntityManager): Promise<WorkbookAccountRow[]> {
    return this.rows<WorkbookAccountRow>(
      `SELECT u.id, u.username, u.display_name AS "displayName", u.email, u.role, a.code AS "agencyCode"
       FROM users u JOIN agencies a ON a.id = u.agency_id
       WHERE a.code = ANY($1::text[]) AND u.role <> 'administrator' ORDER BY a.code, u.username`,
      [agencyCodes],
      em,
    );
  }

  /** The enabled accounts of these roles, with their agency's code, by agency code (the living demo acts as them). */
  activeAccountsWithRoles(roles: string[], em?: EntityManager): Promise<ActiveAccount[]> {
    return this.rows<ActiveAccount>(
      `SELECT u.id, u.username, u.display_name, u.role, u.agency_id, a.code AS agency_code
       FROM users u JOIN agencies a ON a.id = u.agency_id WHERE u.role = ANY($1::text[]) AND NOT u.disabled ORDER BY a.code`,
      [roles],
      em,
    );
  }
}

export interface ActiveAccount {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  agency_id: string;
  agency_code: string;
}
