import { HttpStatus, Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { AppError } from '../common/errors';
import { AccountRow, AuthRepository } from './auth.repository';
import type { CurrentUser } from './auth.types';
import type { CreateUserDto, UpdateUserDto } from './dto/users.dto';
import { AuthService } from './auth.service';
import { PASSWORD_REUSED, unusablePasswordHash } from './passwords';
import { FORGOTTEN_PASSWORD_LINK_TTL_MS, SignInLinks } from './sign-in-links.service';

/** An account as the API shows it. */
export type UserView = AccountRow;

const notFound = (username: string) => AppError.notFound(`Không có tài khoản "${username}".`, 'USER_NOT_FOUND');

const EMAIL_FOR_LINK = 'Cần email để gửi đường dẫn đặt mật khẩu cho người dùng.';

/**
 * Accounts: the administrator creates, changes, disables and resets them; everyone changes their
 * own password. An account created or reset without a password gets a one-time link by email
 * (SignInLinks) to choose one; the email is written with the change and sent after it commits.
 */
@Injectable()
export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: AuthRepository,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly links: SignInLinks,
    private readonly auth: AuthService,
  ) {}

  list(): Promise<UserView[]> {
    return this.repository.accounts();
  }

  async get(username: string): Promise<UserView> {
    const account = await this.repository.account(username);
    if (!account) throw notFound(username);
    return account;
  }

  /** Creates an account: with the password given, or (none given) with a welcome link sent to its email. */
  async create(admin: CurrentUser, body: CreateUserDto): Promise<UserView> {
    const welcome = body.password === undefined;
    if (welcome && !body.email) {
      throw new AppError(HttpStatus.UNPROCESSABLE_ENTITY, 'EMAIL_MISSING', EMAIL_FOR_LINK, [{ path: 'email', message: EMAIL_FOR_LINK }]);
    }
    const passwordHash = welcome ? await unusablePasswordHash() : await hash(body.password!);
    const emailIds = await this.dataSource.transaction(async (em) => {
      const agencyId = await this.repository.agencyIdByCode(body.agencyCode, em);
      if (!agencyId) throw AppError.field('agencyCode', `Không có cơ quan nào mang mã "${body.agencyCode}".`);
      const id = await this.repository.insertAccount(
        { username: body.username, passwordHash, displayName: body.displayName, email: body.email ?? null, role: body.role, agencyId },
        em,
      );
      if (!id) {
        const message = `Tên đăng nhập "${body.username}" đã có người dùng.`;
        throw AppError.conflict(message, 'USERNAME_TAKEN', [{ path: 'username', message }]);
      }
      await this.audit.record(em, {
        actor: admin,
        action: 'user.created',
        entity: 'user',
        entityId: id,
        detail: { username: body.username, role: body.role, ...(welcome ? { welcomeLink: true } : {}) },
      });
      return welcome ? this.links.issue(em, id, 'welcome') : [];
    });
    await this.links.enqueue(emailIds);
    return this.get(body.username);
  }

  async update(admin: CurrentUser, username: string, body: UpdateUserDto): Promise<UserView> {
    await this.dataSource.transaction(async (em) => {
      const id = await this.repository.lockAccount(username, em);
      if (!id) throw notFound(username);
      if (id === admin.id && (body.disabled === true || (body.role && body.role !== 'administrator'))) {
        throw AppError.conflict('Không thể tự khóa hoặc tự bỏ quyền quản trị của chính mình.', 'SELF_LOCKOUT');
      }
      const { agencyCode, ...changes } = body;
      const agencyId = agencyCode === undefined ? undefined : await this.repository.agencyIdByCode(agencyCode, em);
      if (agencyCode !== undefined && !agencyId) throw AppError.field('agencyCode', `Không có cơ quan nào mang mã "${agencyCode}".`);
      await this.repository.updateAccount(id, { ...changes, agencyId }, em);
      if (body.disabled) await this.repository.revokeUserSessions(id, this.clock.now(), undefined, em);
      await this.audit.record(em, {
        actor: admin,
        action: 'user.updated',
        entity: 'user',
        entityId: id,
        detail: { username, ...body },
      });
    });
    return this.get(username);
  }

  /**
   * The administrator resets a password: to `newPassword`, or (none given) to none, with a reset
   * link sent to the account's email. Either way every session of the account ends.
   */
  async resetPassword(admin: CurrentUser, username: string, newPassword?: string): Promise<void> {
    const byLink = newPassword === undefined;
    const passwordHash = byLink ? await unusablePasswordHash() : await hash(newPassword);
    const emailIds = await this.dataSource.transaction(async (em) => {
      if (byLink) {
        const target = await this.repository.lockAccount(username, em);
        if (target === admin.id)
          throw AppError.conflict('Không gửi đường dẫn đặt lại mật khẩu cho chính mình; hãy tự đổi mật khẩu.', 'SELF_LOCKOUT');
      }
      const id = await this.repository.setPasswordByUsername(username, passwordHash, em);
      if (!id) throw notFound(username);
      await this.repository.revokeUserSessions(id, this.clock.now(), undefined, em);
      await this.audit.record(em, {
        actor: admin,
        action: 'user.password_reset',
        entity: 'user',
        entityId: id,
        detail: { username, ...(byLink ? { resetLink: true } : {}) },
      });
      return byLink ? this.links.issue(em, id, 'reset') : [];
    });
    await this.links.enqueue(emailIds);
  }

  /**
   * "Quên mật khẩu?": mails a one-time reset link (FORGOTTEN_PASSWORD_LINK_TTL_MS) to each enabled
   * account that `identifier` (a username or an email) names. The current password keeps working
   * until the link is used. Answers nothing either way, so the page cannot tell whether an account
   * exists; an unknown name, a locked account or one without an email get nothing. Throttled per
   * address (429) and per account (PASSWORD_RESET_MAX_PER_ACCOUNT an hour, silently).
   */
  async requestPasswordReset(identifier: string): Promise<void> {
    await this.auth.admitPasswordResetRequest();
    const accounts = await this.repository.passwordResetAccounts(identifier.normalize('NFC').trim());
    for (const account of accounts) {
      if (!(await this.auth.admitPasswordResetFor(account.id))) continue;
      const emailIds = await this.dataSource.transaction(async (em) => {
        await this.audit.record(em, {
          actor: null,
          action: 'user.password_reset_requested',
          entity: 'user',
          entityId: account.id,
          detail: { username: account.username },
        });
        return this.links.issue(em, account.id, 'reset', { ttlMs: FORGOTTEN_PASSWORD_LINK_TTL_MS, requested: true });
      });
      await this.links.enqueue(emailIds);
    }
  }

  /**
   * A user changes their own password; their other sessions end, this one stays. The current
   * password is checked under a throttle (AuthService.checkCurrentPassword: 429 after 5 wrong);
   * the new one must follow the policy (the DTO) and differ from the current one.
   */
  async changeOwnPassword(user: CurrentUser, currentPassword: string, newPassword: string): Promise<void> {
    const current = await this.repository.passwordHash(user.id);
    if (!(await this.auth.checkCurrentPassword(user.id, current, currentPassword))) {
      throw AppError.field('currentPassword', 'Mật khẩu hiện tại không đúng.');
    }
    if (newPassword === currentPassword || (await verify(current!, newPassword).catch(() => false))) {
      throw AppError.field('newPassword', PASSWORD_REUSED);
    }
    const passwordHash = await hash(newPassword);
    await this.dataSource.transaction(async (em) => {
      await this.repository.setPassword(user.id, passwordHash, em);
      await this.repository.revokeUserSessions(user.id, this.clock.now(), user.sessionId, em);
      await this.audit.record(em, { actor: user, action: 'user.password_changed', entity: 'user', entityId: user.id });
    });
  }
}
