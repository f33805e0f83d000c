import { createHash, randomBytes } from 'node:crypto';
import type { RedisClient } from '../redis/redis.module';
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { requestContext } from '../audit/request-context';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AppError } from '../common/errors';
import { REDIS } from '../redis/redis.module';
import type { CurrentUser } from './auth.types';

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
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
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
    const [user] = (await this.dataSource.query('SELECT id, password_hash, disabled FROM users WHERE username = $1', [name])) as {
      id: string;
      password_hash: string;
      disabled: boolean;
    }[];
    decoyHash ??= hash(randomBytes(16).toString('hex'));
    let ok = false;
    if (user) ok = await verify(user.password_hash, password).catch(() => false);
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
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
    await this.dataSource.query('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)', [
      sha256(token),
      user.id,
      now,
      expiresAt,
    ]);
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
    const [row] = (await this.dataSource.query(
      `SELECT u.id, u.username, u.display_name, u.role, u.agency_id, a.code AS agency_code, s.id AS session_id
       FROM sessions s JOIN users u ON u.id = s.user_id JOIN agencies a ON a.id = u.agency_id
       WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 AND NOT u.disabled`,
      [sha256(token), this.clock.now()],
    )) as {
      id: string;
      username: string;
      display_name: string;
      role: CurrentUser['role'];
      agency_id: string;
      agency_code: string;
      session_id: string;
    }[];
    if (!row) return null;
    return {
      id: row.id,
      username: row.username,
      displayName: row.display_name,
      role: row.role,
      agencyId: row.agency_id,
      agencyCode: row.agency_code,
      sessionId: row.session_id,
    };
  }

  async logout(sessionId: string): Promise<void> {
    await this.dataSource.query('UPDATE sessions SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [sessionId, this.clock.now()]);
  }
}
