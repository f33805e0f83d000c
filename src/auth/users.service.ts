import { Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { AppError } from '../common/errors';
import type { CurrentUser } from './auth.types';
import type { CreateUserDto, UpdateUserDto } from './dto/users.dto';

export interface UserView {
  username: string;
  displayName: string;
  email: string | null;
  role: string;
  agencyCode: string;
  disabled: boolean;
}

const SELECT = `SELECT u.username, u.display_name, u.email, u.role, a.code AS agency_code, u.disabled FROM users u JOIN agencies a ON a.id = u.agency_id`;
type Row = { username: string; display_name: string; email: string | null; role: string; agency_code: string; disabled: boolean };
const view = (r: Row): UserView => ({
  username: r.username,
  displayName: r.display_name,
  email: r.email,
  role: r.role,
  agencyCode: r.agency_code,
  disabled: r.disabled,
});

/** Accounts: the administrator creates, changes, disables and resets them; everyone changes their own password. */
@Injectable()
export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<UserView[]> {
    return ((await this.dataSource.query(`${SELECT} ORDER BY a.code, u.username`)) as Row[]).map(view);
  }

  async get(username: string): Promise<UserView> {
    const [row] = (await this.dataSource.query(`${SELECT} WHERE u.username = $1`, [username])) as Row[];
    if (!row) throw AppError.notFound(`Không có tài khoản "${username}".`, 'USER_NOT_FOUND');
    return view(row);
  }

  async create(admin: CurrentUser, body: CreateUserDto): Promise<UserView> {
    const passwordHash = await hash(body.password);
    await this.dataSource.transaction(async (em) => {
      const [agency] = (await em.query('SELECT id FROM agencies WHERE code = $1', [body.agencyCode])) as { id: string }[];
      if (!agency) throw AppError.field('agencyCode', `Không có cơ quan nào mang mã "${body.agencyCode}".`);
      const rows = (await em.query(
        `INSERT INTO users (username, password_hash, display_name, email, role, agency_id) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (username) DO NOTHING RETURNING id`,
        [body.username, passwordHash, body.displayName, body.email ?? null, body.role, agency.id],
      )) as { id: string }[];
      if (!rows.length) throw AppError.conflict(`Tên đăng nhập "${body.username}" đã có người dùng.`, 'USERNAME_TAKEN');
      await this.audit.record(em, {
        actor: admin,
        action: 'user.created',
        entity: 'user',
        entityId: rows[0].id,
        detail: { username: body.username, role: body.role },
      });
    });
    return this.get(body.username);
  }

  async update(admin: CurrentUser, username: string, body: UpdateUserDto): Promise<UserView> {
    await this.dataSource.transaction(async (em) => {
      const [user] = (await em.query('SELECT id FROM users WHERE username = $1 FOR UPDATE', [username])) as { id: string }[];
      if (!user) throw AppError.notFound(`Không có tài khoản "${username}".`, 'USER_NOT_FOUND');
      if (user.id === admin.id && (body.disabled === true || (body.role && body.role !== 'administrator'))) {
        throw AppError.conflict('Không thể tự khóa hoặc tự bỏ quyền quản trị của chính mình.', 'SELF_LOCKOUT');
      }
      await em.query(
        `UPDATE users SET display_name = coalesce($2, display_name), email = CASE WHEN $3 THEN $4 ELSE email END,
           role = coalesce($5, role), disabled = coalesce($6, disabled), updated_at = now() WHERE id = $1`,
        [user.id, body.displayName ?? null, body.email !== undefined, body.email ?? null, body.role ?? null, body.disabled ?? null],
      );
      if (body.disabled)
        await em.query('UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL', [user.id, this.clock.now()]);
      await this.audit.record(em, {
        actor: admin,
        action: 'user.updated',
        entity: 'user',
        entityId: user.id,
        detail: { username, ...body },
      });
    });
    return this.get(username);
  }

  /** The administrator sets a new password; every session of the account ends. */
  async resetPassword(admin: CurrentUser, username: string, newPassword: string): Promise<void> {
    const passwordHash = await hash(newPassword);
    await this.dataSource.transaction(async (em) => {
      // TypeORM answers an UPDATE … RETURNING on Postgres with [rows, affectedCount].
      const [[user]] = (await em.query('UPDATE users SET password_hash = $2, updated_at = now() WHERE username = $1 RETURNING id', [
        username,
        passwordHash,
      ])) as [{ id: string }[], number];
      if (!user) throw AppError.notFound(`Không có tài khoản "${username}".`, 'USER_NOT_FOUND');
      await em.query('UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL', [user.id, this.clock.now()]);
      await this.audit.record(em, { actor: admin, action: 'user.password_reset', entity: 'user', entityId: user.id, detail: { username } });
    });
  }

  /** A user changes their own password; their other sessions end, this one stays. */
  async changeOwnPassword(user: CurrentUser, currentPassword: string, newPassword: string): Promise<void> {
    const [row] = (await this.dataSource.query('SELECT password_hash FROM users WHERE id = $1', [user.id])) as { password_hash: string }[];
    if (!row || !(await verify(row.password_hash, currentPassword).catch(() => false))) {
      throw AppError.field('currentPassword', 'Mật khẩu hiện tại không đúng.');
    }
    const passwordHash = await hash(newPassword);
    await this.dataSource.transaction(async (em) => {
      await em.query('UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1', [user.id, passwordHash]);
      await em.query('UPDATE sessions SET revoked_at = $3 WHERE user_id = $1 AND id <> $2 AND revoked_at IS NULL', [
        user.id,
        user.sessionId,
        this.clock.now(),
      ]);
      await this.audit.record(em, { actor: user, action: 'user.password_changed', entity: 'user', entityId: user.id });
    });
  }
}
