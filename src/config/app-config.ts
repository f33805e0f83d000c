import { parseRedisUrl } from '../redis/redis-url';
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';

export type AppRole = 'api' | 'worker' | 'all';
export type NodeEnv = 'development' | 'test' | 'production';

/** The process configuration, parsed once from the environment. */
export interface AppConfig {
  nodeEnv: NodeEnv;
  /** Unset: the embedded PostgreSQL is started by the entry point. */
  databaseUrl: string | undefined;
  redisUrl: string;
  /** True when REDIS_URL was not given, so the entry point may start a local redis-server. */
  redisUrlDefaulted: boolean;
  /** Prefix of every key this deployment writes to Redis, so deployments can share one server. */
  redisPrefix: string;
  /** The body running the deployment, shown in every page's header (ORGANIZATION_NAME). */
  organizationName: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  mailRatePerSecond: number;
  /** First retry delay of a refused email; each further retry waits twice as long. */
  mailRetryBaseMs: number;
  /** Tries per email before it is marked failed. */
  mailAttempts: number;
  port: number;
  publicUrl: string;
  role: AppRole;
  attachmentsDir: string;
  /** Keys the HMACs that bind a form's CSRF token and the queue board's token to the session (SESSION_SECRET). */
  sessionSecret: string;
  /** Express `trust proxy`: which hops' X-Forwarded-For is believed (TRUST_PROXY); a hop count or a list of addresses, CIDRs and names. */
  trustProxy: number | string[];
  /** Bearer token /metrics requires when set (METRICS_TOKEN); unset: /metrics is open. */
  metricsToken: string | undefined;
  seedDemoUsers: boolean;
  seedDemoReports: boolean;
  redisRequireNoEviction: boolean;
  /** Start instant of the application clock (APP_CLOCK_START); undefined means real time. */
  clockStart: Date | undefined;
  logLevel: string;
  /** Largest attachment accepted, in bytes. */
  attachmentMaxBytes: number;
  /** How often every process re-checks that each pending calendar timer is in BullMQ. */
  calendarReconcileSeconds: number;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`Invalid configuration: ${variable} ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function text(env: Env, name: string): string | undefined {
  const value = env[name];
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const value = text(env, name);
  if (value === undefined) return fallback;
  const lower = value.toLowerCase();
  if (['1', 'true', 'on', 'yes'].includes(lower)) return true;
  if (['0', 'false', 'off', 'no'].includes(lower)) return false;
  throw new ConfigError(name, `must be true or false (got "${value}")`);
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const value = text(env, name);
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new ConfigError(name, `must be a whole number (got "${value}")`);
  const n = Number(value);
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max} (got ${n})`);
  return n;
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const value = text(env, name);
  if (value === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(name, `must be a URL (got "${value}")`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must use one of ${protocols.join(' ')} (got "${parsed.protocol}")`);
  }
  return value;
}

function redisUrlOf(env: Env): string | undefined {
  const value = text(env, 'REDIS_URL');
  if (value === undefined) return undefined;
  try {
    parseRedisUrl(value);
  } catch (error) {
    throw new ConfigError('REDIS_URL', `${(error as Error).message} (got "${value}")`);
  }
  return value;
}

function oneOf<T extends string>(env: Env, name: string, values: readonly T[], fallback: T): T {
  const value = text(env, name);
  if (value === undefined) return fallback;
  if (!(values as readonly string[]).includes(value)) {
    throw new ConfigError(name, `must be one of ${values.join(', ')} (got "${value}")`);
  }
  return value as T;
}

function metricsToken(env: Env): string | undefined {
  const value = text(env, 'METRICS_TOKEN');
  if (value !== undefined && !/^[\x21-\x7e]{16,256}$/.test(value)) {
    throw new ConfigError('METRICS_TOKEN', 'must be 16-256 printable characters without spaces');
  }
  return value;
}

function prefix(env: Env, name: string, fallback: string): string {
  const value = text(env, name) ?? fallback;
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(value)) throw new ConfigError(name, `must be 1-64 letters, digits, _ or - (got "${value}")`);
  return value;
}

/** ISO 8601 instant with an explicit offset or Z, e.g. 2026-05-19T23:59:00+07:00. */
function instant(env: Env, name: string): Date | undefined {
  const value = text(env, name);
  if (value === undefined) return undefined;
  const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
  const parsed = new Date(value);
  if (!iso.test(value) || Number.isNaN(parsed.getTime())) {
    throw new ConfigError(name, `must be an ISO 8601 instant with an offset, e.g. 2026-05-19T08:00:00+07:00 (got "${value}")`);
  }
  return parsed;
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * TRUST_PROXY: a hop count (`1`: the address the nearest proxy saw), or a comma-separated list of
 * `loopback`, `linklocal`, `uniquelocal`, addresses and CIDRs (`10.0.0.0/8`). `true` (trust any
 * client's X-Forwarded-For) is refused: anyone could then choose their own throttle bucket.
 */
function trustProxy(env: Env, name: string): number | string[] {
  const value = text(env, name);
  if (value === undefined) return ['loopback'];
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > 10) throw new ConfigError(name, `must be at most 10 hops (got ${hops})`);
    return hops;
  }
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  for (const item of items) {
    if (PROXY_NAMES.includes(item)) continue;
    const [address, bits, ...rest] = item.split('/');
    const family = isIP(address);
    const maxBits = family === 6 ? 128 : 32;
    if (!family || rest.length || (bits !== undefined && (!/^\d{1,3}$/.test(bits) || Number(bits) > maxBits))) {
      throw new ConfigError(name, `must be a hop count or a list of loopback, linklocal, uniquelocal, addresses and CIDRs (got "${item}")`);
    }
  }
  if (!items.length) throw new ConfigError(name, 'must name at least one proxy');
  return items;
}

/** Parses and validates the environment; throws ConfigError naming the first bad variable. */
export function loadConfig(env: Env = process.env): AppConfig {
  const nodeEnv = oneOf(env, 'NODE_ENV', ['development', 'test', 'production'] as const, 'development');
  const production = nodeEnv === 'production';

  const sessionSecret = text(env, 'SESSION_SECRET');
  if (production && !sessionSecret) throw new ConfigError('SESSION_SECRET', 'is required in production');
  if (sessionSecret !== undefined && sessionSecret.length < 16) {
    throw new ConfigError('SESSION_SECRET', 'must be at least 16 characters');
  }

  const clockStart = instant(env, 'APP_CLOCK_START');
  if (production && clockStart) throw new ConfigError('APP_CLOCK_START', 'is refused when NODE_ENV=production');

  const smtpUrl = url(env, 'SMTP_URL', ['smtp:', 'smtps:']);
  if (production && !smtpUrl)
    throw new ConfigError('SMTP_URL', 'is required in production (the development mailbox is for development only)');
  const port = int(env, 'PORT', 3000, 1, 65535);
  const redisUrl = redisUrlOf(env);

  return {
    nodeEnv,
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    redisUrl: redisUrl ?? 'redis://127.0.0.1:6379',
    redisUrlDefaulted: redisUrl === undefined,
    redisPrefix: prefix(env, 'REDIS_PREFIX', 'cbr'),
    smtpUrl,
    mailFrom: text(env, 'MAIL_FROM') ?? 'Sở Xây dựng Cao Bằng <no-reply@caobang.example>',
    organizationName: (text(env, 'ORGANIZATION_NAME') ?? 'Sở Xây dựng tỉnh Cao Bằng').normalize('NFC'),
    mailRatePerSecond: int(env, 'MAIL_RATE_PER_SECOND', 10, 1, 10000),
    mailRetryBaseMs: int(env, 'MAIL_RETRY_BASE_MS', 5000, 10, 3_600_000),
    mailAttempts: int(env, 'MAIL_ATTEMPTS', 8, 1, 50),
    port,
    publicUrl: (url(env, 'PUBLIC_URL', ['http:', 'https:']) ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    role: oneOf(env, 'APP_ROLE', ['api', 'worker', 'all'] as const, 'all'),
    attachmentsDir: text(env, 'ATTACHMENTS_DIR') ?? '.data/attachments',
    sessionSecret: sessionSecret ?? randomBytes(32).toString('hex'),
    trustProxy: trustProxy(env, 'TRUST_PROXY'),
    metricsToken: metricsToken(env),
    seedDemoUsers: bool(env, 'SEED_DEMO_USERS', !production),
    seedDemoReports: bool(env, 'SEED_DEMO_REPORTS', !production),
    redisRequireNoEviction: bool(env, 'REDIS_REQUIRE_NOEVICTION', production),
    clockStart,
    attachmentMaxBytes: int(env, 'ATTACHMENT_MAX_BYTES', 20 * 1024 * 1024, 1024, 200 * 1024 * 1024),
    calendarReconcileSeconds: int(env, 'CALENDAR_RECONCILE_SECONDS', 300, 1, 86400),
    logLevel: oneOf(
      env,
      'LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
      nodeEnv === 'test' ? 'warn' : 'info',
    ),
  };
}
