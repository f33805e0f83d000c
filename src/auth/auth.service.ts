import { createHash, randomBytes } from 'node:crypto';
import type { RedisClient } from '../redis/redis.module';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';
import { AuditService } from '../audit/audit.service';
import { requestContext } from '../audit/request-context';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AppError } from '../common/errors';
import { REDIS } from '../redis/redis.module';
import { giveBackAttempt, takeAttempt } from './attempts';
import { AuthRepository } from './auth.repository';
import type { CurrentUser } from './auth.types';
import { SignInLinks } from './sign-in-links.service';

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
export const LOGIN_MAX_FAILURES = 5;
export const LOGIN_MAX_FAILURES_PER_ADDRESS = 50;
export const LOGIN_LOCK_SECONDS = 15 * 60;
export const PASSWORD_CHECK_MAX_FAILURES = 5;
/** "Quên mật khẩu?": at most this many links mailed to one account per window, whoever asks. */
export const PASSWORD_RESET_MAX_PER_ACCOUNT = 3;
/** … and at most this many requests from one address per window, whatever they name. */
export const PASSWORD_RESET_MAX_PER_ADDRESS = 20;
export const PASSWORD_RESET_WINDOW_SECONDS = 60 * 60;

/** What a refused sign-in says, whatever was wrong: the username, the password, or a disabled account. */
export const WRONG_PAIR = 'Tên đăng nhập hoặc mật khẩu không đúng.';

function loginThrottled(retryAfter: number): AppError {
  return new AppError(
    HttpStatus.TOO_MANY_REQUESTS,
    'LOGIN_THROTTLED',
    `Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ${Math.ceil(retryAfter / 60)} phút.`,
  ).withRetryAfter(retryAfter);
}

function sha256(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A hash to verify against when the user does not exist, so timing does not reveal usernames. */
let decoyHash: Promise<string> | undefined;

@Injectable()
export class AuthService {
  constructor(
    private readonly repository: AuthRepository,
    private readonly clock: Clock,
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly links: SignInLinks,
  ) {}

  /**
   * Checks the password and opens a session; 401 on a wrong pair, 429 after repeated failures.
   * Each attempt first takes a place in the username's bucket (LOGIN_MAX_FAILURES) and in the
   * address's (LOGIN_MAX_FAILURES_PER_ADDRESS), atomically, and only then is the password
   * checked: of 40 parallel guesses at most 5 are checked, the others answer 429 whatever they
   * carry, the right password included. A right password empties the username's bucket and gives
   * its place in the address's back. An unknown username, a wrong password and a disabled
   * account answer the same 401 after the same work (one Argon2 verification), and all count.
   */
  async login(username: string, password: string): Promise<{ accessToken: string; expiresAt: Date }> {
    const name = username.trim().toLowerCase();
    const failKey = `${this.config.redisPrefix}:login-failures:${name}`;
    // Guessing across many usernames from one address is throttled too (the address as TRUST_PROXY resolves it).
    const ip = requestContext.getStore()?.ip ?? 'unknown';
    const ipKey = `${this.config.redisPrefix}:login-failures-ip:${ip}`;
    const byName = await this.throttleStore(takeAttempt(this.redis, failKey, LOGIN_MAX_FAILURES, LOGIN_LOCK_SECONDS));
    if (!byName.admitted) throw loginThrottled(byName.retryAfter);
    const byAddress = await this.throttleStore(takeAttempt(this.redis, ipKey, LOGIN_MAX_FAILURES_PER_ADDRESS, LOGIN_LOCK_SECONDS));
    if (!byAddress.admitted) {
      await this.throttleStore(giveBackAttempt(this.redis, failKey));
      throw loginThrottled(byAddress.retryAfter);
    }
    const user = await this.repository.credentials(name);
    decoyHash ??= hash(randomBytes(16).toString('hex'));
    const verified = await verify(user ? user.passwordHash : await decoyHash, password).catch(() => false);
    if (!user || !verified || user.disabled) {
      await this.audit.recordQuietly({
        actor: null,
        action: 'auth.failed',
        detail: { username: name.slice(0, 64), ...(user?.disabled ? { disabled: true } : {}) },
      });
      throw AppError.unauthorized(WRONG_PAIR);
    }
    await this.throttleStore(Promise.all([this.redis.del(failKey), giveBackAttempt(this.redis, ipKey)]));
    return this.openSession(user.id);
  }

  /**
   * Whether `password` is the signed-in user's current one, for a change of password: at most
   * PASSWORD_CHECK_MAX_FAILURES wrong answers per account in LOGIN_LOCK_SECONDS, then 429
   * (counted before checking, as sign-in is). A right answer empties the bucket.
   */
  async checkCurrentPassword(userId: string, passwordHash: string | undefined, password: string): Promise<boolean> {
    const key = `${this.config.redisPrefix}:password-check-failures:${userId}`;
    const attempt = await this.throttleStore(takeAttempt(this.redis, key, PASSWORD_CHECK_MAX_FAILURES, LOGIN_LOCK_SECONDS));
    if (!attempt.admitted) {
      throw new AppError(
        HttpStatus.TOO_MANY_REQUESTS,
        'PASSWORD_CHECK_THROTTLED',
        `Nhập sai mật khẩu hiện tại quá nhiều lần. Vui lòng thử lại sau ${Math.ceil(attempt.retryAfter / 60)} phút.`,
      ).withRetryAfter(attempt.retryAfter);
    }
    decoyHash ??= hash(randomBytes(16).toString('hex'));
    const ok = await verify(passwordHash ?? (await decoyHash), password).catch(() => false);
    if (ok && passwordHash) await this.throttleStore(this.redis.del(key));
    return ok && passwordHash !== undefined;
  }

  /**
   * Admits a "Quên mật khẩu?" request from the caller's address (PASSWORD_RESET_MAX_PER_ADDRESS
   * per PASSWORD_RESET_WINDOW_SECONDS, counted whatever the request names), else 429. The
   * refusal is about the address, so it tells nothing about any account.
   */
  async admitPasswordResetRequest(): Promise<void> {
    const ip = requestContext.getStore()?.ip ?? 'unknown';
    const key = `${this.config.redisPrefix}:password-reset-ip:${ip}`;
    const attempt = await this.throttleStore(takeAttempt(this.redis, key, PASSWORD_RESET_MAX_PER_ADDRESS, PASSWORD_RESET_WINDOW_SECONDS));
    if (!attempt.admitted) {
      throw new AppError(
        HttpStatus.TOO_MANY_REQUESTS,
        'PASSWORD_RESET_THROTTLED',
        `Đã có quá nhiều yêu cầu đặt lại mật khẩu từ máy của bạn. Vui lòng thử lại sau ${Math.ceil(attempt.retryAfter / 60)} phút.`,
      ).withRetryAfter(attempt.retryAfter);
    }
  }

  /**
   * Whether one more reset link may be mailed to the account now: at most
   * PASSWORD_RESET_MAX_PER_ACCOUNT per PASSWORD_RESET_WINDOW_SECONDS, so the form cannot flood a
   * mailbox. A refusal is silent (the page says the same whatever happened).
   */
  async admitPasswordResetFor(userId: string): Promise<boolean> {
    const key = `${this.config.redisPrefix}:password-reset-account:${userId}`;
    const attempt = await this.throttleStore(takeAttempt(this.redis, key, PASSWORD_RESET_MAX_PER_ACCOUNT, PASSWORD_RESET_WINDOW_SECONDS));
    return attempt.admitted;
  }

  /**
   * Sets the password chosen through a one-time sign-in link and signs its user in; a 404 or 410
   * when the link is unknown, used, expired or its account locked (SignInLinks).
   */
  async signInWithLink(token: string, password: string): Promise<{ accessToken: string; expiresAt: Date; username: string }> {
    const { userId, username } = await this.links.redeem(token, password);
    return { ...(await this.openSession(userId)), username };
  }

  private async openSession(userId: string): Promise<{ accessToken: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
    await this.repository.openSession({ tokenHash: sha256(token), userId, createdAt: now, expiresAt });
    return { accessToken: token, expiresAt };
  }

  /**
   * The failure counters live in Redis. While Redis is unreachable a sign-in answers 503 within
   * 2 s rather than waiting for it, and never skips the throttle; sessions already open keep
   * working (they are in Postgres).
   */
  private async throttleStore<T>(command: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        command,
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () =>
              reject(
                new AppError(
                  HttpStatus.SERVICE_UNAVAILABLE,
                  'SERVICE_UNAVAILABLE',
                  'Hệ thống tạm thời không đăng nhập được, vui lòng thử lại sau ít phút.',
                ).withRetryAfter(30),
              ),
            2000,
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The user a token belongs to, if the session is live and the user enabled. */
  async authenticate(token: string): Promise<CurrentUser | null> {
    const user = await this.repository.sessionUser(sha256(token), this.clock.now());
    return user ?? null;
  }

  async logout(sessionId: string): Promise<void> {
    await this.repository.revokeSession(sessionId, this.clock.now());
  }
}
