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
import { AuthRepository } from './auth.repository';
import type { CurrentUser } from './auth.types';
import { SignInLinks } from './sign-in-links.service';

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
export const LOGIN_MAX_FAILURES = 5;
export const LOGIN_MAX_FAILURES_PER_ADDRESS = 50;
export const LOGIN_LOCK_SECONDS = 15 * 60;

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

  /** Checks the password and opens a session; 401 on a wrong pair, 429 after repeated failures. */
  async login(username: string, password: string): Promise<{ accessToken: string; expiresAt: Date }> {
    const name = username.trim().toLowerCase();
    const failKey = `${this.config.redisPrefix}:login-failures:${name}`;
    // Guessing across many usernames from one address is throttled too.
    const ip = requestContext.getStore()?.ip ?? 'unknown';
    const ipKey = `${this.config.redisPrefix}:login-failures-ip:${ip}`;
    const [failures, ipFailures] = (await this.throttleStore(this.redis.mget(failKey, ipKey))).map((v) => Number(v ?? 0));
    if (failures >= LOGIN_MAX_FAILURES || ipFailures >= LOGIN_MAX_FAILURES_PER_ADDRESS) {
      const ttl = await this.redis.ttl(failures >= LOGIN_MAX_FAILURES ? failKey : ipKey);
      throw new AppError(
        HttpStatus.TOO_MANY_REQUESTS,
        'LOGIN_THROTTLED',
        `Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ${Math.ceil(Math.max(ttl, 1) / 60)} phút.`,
      ).withRetryAfter(Math.max(ttl, 1));
    }
    const user = await this.repository.credentials(name);
    decoyHash ??= hash(randomBytes(16).toString('hex'));
    let ok = false;
    if (user) ok = await verify(user.passwordHash, password).catch(() => false);
    else await verify(await decoyHash, password).catch(() => false);
    if (!user || !ok) {
      await this.throttleStore(
        this.redis.multi().incr(failKey).expire(failKey, LOGIN_LOCK_SECONDS).incr(ipKey).expire(ipKey, LOGIN_LOCK_SECONDS).exec(),
      );
      await this.audit.recordQuietly({ actor: null, action: 'auth.failed', detail: { username: name } });
      throw AppError.unauthorized('Tên đăng nhập hoặc mật khẩu không đúng.');
    }
    if (user.disabled)
      throw new AppError(HttpStatus.UNAUTHORIZED, 'ACCOUNT_DISABLED', 'Tài khoản đã bị khóa. Vui lòng liên hệ quản trị viên.');
    await this.throttleStore(this.redis.del(failKey));
    return this.openSession(user.id);
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
