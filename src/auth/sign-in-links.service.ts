import { createHash, randomBytes } from 'node:crypto';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { hash } from '@node-rs/argon2';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { AppError } from '../common/errors';
import { formatViDate, toZonedIso, zonedDate } from '../common/time-zone';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { OutboxService } from '../reminders/outbox.service';
import { AuthRepository } from './auth.repository';
import { passwordProblem } from './passwords';
import type { SignInLinkPurpose } from './sign-in-link.entity';
import { SignInLinkRow, SignInLinksRepository } from './sign-in-links.repository';

/** How long a sign-in link works after it is sent. */
export const SIGN_IN_LINK_TTL_MS = 72 * 60 * 60 * 1000;

/** How long a link asked for on "Quên mật khẩu?" works: short, as the account's password still stands meanwhile. */
export const FORGOTTEN_PASSWORD_LINK_TTL_MS = 60 * 60 * 1000;

/** What a link may carry besides its purpose: a lifetime of its own, and whether its user asked for it. */
export interface LinkOptions {
  /** How long it works; SIGN_IN_LINK_TTL_MS by default. */
  ttlMs?: number;
  /** The user asked for it ("Quên mật khẩu?"): the email says so, and that the current password still works. */
  requested?: boolean;
}

/** The path of a link's page; the token follows. */
export const SIGN_IN_LINK_PATH = '/login/link/';

const TOKEN = /^[A-Za-z0-9_-]{20,200}$/;

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

/** "09:00 ngày 25/11/2026", in Asia/Ho_Chi_Minh. */
export function timeAndDay(instant: Date): string {
  return `${toZonedIso(instant).slice(11, 16)} ngày ${formatViDate(zonedDate(instant))}`;
}

/** Why a link cannot be used: unknown (404), used, expired, or its account locked (410). */
export const LINK_REFUSALS = ['LINK_NOT_FOUND', 'LINK_USED', 'LINK_EXPIRED', 'LINK_ACCOUNT_DISABLED'] as const;

/** A link that may be used now: whose account it is and what for. */
export interface UsableLink {
  username: string;
  displayName: string;
  purpose: SignInLinkPurpose;
  expiresAt: Date;
}

/**
 * One-time sign-in links: issued with their email in the transaction that creates or resets an
 * account (the outbox sends it once, after commit), checked and redeemed by the page where the
 * user chooses a password. The random token travels only in the email; the table keeps its
 * SHA-256. A new link replaces the account's unused ones; a link works once, until it expires.
 */
@Injectable()
export class SignInLinks {
  constructor(
    /** Only to group repository calls in one transaction. */
    private readonly dataSource: DataSource,
    private readonly links: SignInLinksRepository,
    private readonly accounts: AuthRepository,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * A new link for the account and its email, in the caller's transaction; the account's unused
   * links stop working. Answers the email ids to enqueue once the transaction commits.
   */
  async issue(em: EntityManager, userId: string, purpose: SignInLinkPurpose, options: LinkOptions = {}): Promise<string[]> {
    const account = await this.accounts.linkAccount(userId, em);
    if (!account) throw AppError.notFound('Không tìm thấy tài khoản.', 'USER_NOT_FOUND');
    if (!account.email) {
      const message = `Tài khoản "${account.username}" chưa có email nên không gửi được đường dẫn đặt mật khẩu.`;
      throw new AppError(HttpStatus.UNPROCESSABLE_ENTITY, 'EMAIL_MISSING', message, [{ path: 'email', message }]);
    }
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + (options.ttlMs ?? SIGN_IN_LINK_TTL_MS));
    await this.links.deleteUnusedOf(userId, em);
    const linkId = await this.links.insert({ tokenHash: sha256(token), userId, purpose, createdAt: now, expiresAt }, em);
    return this.outbox.queueAccountLink(
      {
        linkId,
        agencyId: account.agencyId,
        recipient: account.email,
        now,
        data: {
          purpose,
          ...(options.requested ? { requested: true } : {}),
          displayName: account.displayName,
          username: account.username,
          agencyName: account.agencyName,
          link: `${this.config.publicUrl}${SIGN_IN_LINK_PATH}${token}`,
          expiresAt: toZonedIso(expiresAt),
          loginLink: `${this.config.publicUrl}/login`,
        },
      },
      em,
    );
  }

  /** Queues the emails of links issued in a transaction that has committed. */
  enqueue(emailIds: string[]): Promise<void> {
    return this.outbox.enqueue(emailIds);
  }

  /** The link's account and purpose; a 404 or 410 AppError (LINK_REFUSALS) when it cannot be used. */
  async check(token: string): Promise<UsableLink> {
    const link = TOKEN.test(token) ? await this.links.byTokenHash(sha256(token)) : undefined;
    this.assertUsable(link);
    return { username: link.username, displayName: link.displayName, purpose: link.purpose, expiresAt: link.expiresAt };
  }

  /**
   * Sets the password the user chose through the link, once: marks the link used, forgets the
   * account's other unused links and ends its sessions. Answers the account's id (to sign in).
   */
  async redeem(token: string, password: string): Promise<{ userId: string; username: string }> {
    const problem = passwordProblem(password);
    if (problem) throw AppError.field('password', problem);
    await this.check(token);
    const passwordHash = await hash(password);
    return this.dataSource.transaction(async (em) => {
      // Locked, then checked again: of two posts of one form, the second finds the link used.
      const link = await this.links.lockByTokenHash(sha256(token), em);
      this.assertUsable(link);
      const now = this.clock.now();
      await this.accounts.setPassword(link.userId, passwordHash, em);
      await this.links.markUsed(link.id, now, em);
      await this.links.deleteUnusedOf(link.userId, em);
      await this.accounts.revokeUserSessions(link.userId, now, undefined, em);
      await this.audit.record(em, {
        actor: { id: link.userId, username: link.username },
        action: 'user.password_set_by_link',
        entity: 'user',
        entityId: link.userId,
        detail: { username: link.username, purpose: link.purpose },
      });
      return { userId: link.userId, username: link.username };
    });
  }

  private assertUsable(link: SignInLinkRow | undefined): asserts link is SignInLinkRow {
    if (!link) {
      throw AppError.notFound(
        'Đường dẫn đặt mật khẩu này không đúng hoặc đã được thay bằng một đường dẫn mới hơn. Hãy mở đường dẫn trong thư gửi gần nhất, hoặc liên hệ quản trị hệ thống để được gửi lại.',
        'LINK_NOT_FOUND',
      );
    }
    if (link.usedAt) {
      throw new AppError(
        HttpStatus.GONE,
        'LINK_USED',
        'Đường dẫn này đã được dùng để đặt mật khẩu; mỗi đường dẫn chỉ dùng được một lần. Hãy đăng nhập bằng mật khẩu đã đặt, hoặc liên hệ quản trị hệ thống để được gửi đường dẫn mới.',
      );
    }
    if (this.clock.now() >= link.expiresAt) {
      throw new AppError(
        HttpStatus.GONE,
        'LINK_EXPIRED',
        `Đường dẫn đặt mật khẩu đã hết hạn lúc ${timeAndDay(link.expiresAt)}. Vui lòng liên hệ quản trị hệ thống để được gửi đường dẫn mới.`,
      );
    }
    if (link.disabled) {
      throw new AppError(
        HttpStatus.GONE,
        'LINK_ACCOUNT_DISABLED',
        `Tài khoản "${link.username}" đã bị khóa nên không đặt được mật khẩu. Vui lòng liên hệ quản trị hệ thống.`,
      );
    }
  }
}
