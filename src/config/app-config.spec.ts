import { parseRedisUrl } from '../redis/redis-url';
import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('gives the contract defaults outside production', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      publicUrl: 'http://localhost:3000',
      role: 'all',
      redisUrl: 'redis://127.0.0.1:6379',
      mailFrom: 'Sở Xây dựng Cao Bằng <no-reply@caobang.example>',
      organizationName: 'Sở Xây dựng tỉnh Cao Bằng',
      mailRatePerSecond: 10,
      attachmentsDir: '.data/attachments',
      seedDemoUsers: true,
      seedDemoReports: true,
      redisRequireNoEviction: false,
      databaseUrl: undefined,
      smtpUrl: undefined,
      clockStart: undefined,
    });
    expect(c.sessionSecret.length).toBeGreaterThanOrEqual(32);
  });

  it('names another province in the page header with ORGANIZATION_NAME, and takes Redis Sentinel and Cluster URLs', () => {
    const c = loadConfig({
      ORGANIZATION_NAME: 'Sở Xây dựng tỉnh Điện Biên'.normalize('NFD'),
      REDIS_URL: 'redis+sentinel://:pw@10.0.0.1:26379,10.0.0.2:26379/mymaster/1',
    });
    expect(c.organizationName).toBe('Sở Xây dựng tỉnh Điện Biên');
    expect(parseRedisUrl(c.redisUrl)).toEqual({
      kind: 'sentinel',
      sentinels: [
        { host: '10.0.0.1', port: 26379 },
        { host: '10.0.0.2', port: 26379 },
      ],
      name: 'mymaster',
      password: 'pw',
      db: 1,
    });
    expect(parseRedisUrl('redis+cluster://a:7000,b:7001,c')).toEqual({
      kind: 'cluster',
      nodes: [
        { host: 'a', port: 7000 },
        { host: 'b', port: 7001 },
        { host: 'c', port: 6379 },
      ],
      password: undefined,
    });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ APP_ROLE: 'both' }, 'APP_ROLE'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'not a url' }, 'REDIS_URL'],
    [{ REDIS_URL: 'redis+sentinel://127.0.0.1:26379' }, 'REDIS_URL'],
    [{ REDIS_URL: 'redis+cluster://127.0.0.1:7000/2' }, 'REDIS_URL'],
    [{ SMTP_URL: 'http://mail' }, 'SMTP_URL'],
    [{ MAIL_RATE_PER_SECOND: '0' }, 'MAIL_RATE_PER_SECOND'],
    [{ SEED_DEMO_USERS: 'maybe' }, 'SEED_DEMO_USERS'],
    [{ APP_CLOCK_START: '2026-05-19' }, 'APP_CLOCK_START'],
    [{ NODE_ENV: 'production' }, 'SESSION_SECRET'],
    [{ TRUST_PROXY: 'true' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '10.0.0.0/33' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: 'proxy.example' }, 'TRUST_PROXY'],
    [{ METRICS_TOKEN: 'short' }, 'METRICS_TOKEN'],
    [{ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32), APP_CLOCK_START: '2026-05-19T23:59:00+07:00' }, 'APP_CLOCK_START'],
    [{ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32) }, 'SMTP_URL'],
  ])('refuses %j naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(variable));
  });

  it('turns demo data off and the noeviction check on in production', () => {
    const c = loadConfig({
      NODE_ENV: 'production',
      SESSION_SECRET: 's'.repeat(32),
      DATABASE_URL: 'postgres://db/x',
      SMTP_URL: 'smtp://mail.caobang.example:25',
    });
    expect(c).toMatchObject({ seedDemoUsers: false, seedDemoReports: false, redisRequireNoEviction: true });
  });

  it('trusts the loopback proxy by default, and the hops or networks TRUST_PROXY names', () => {
    expect(loadConfig({}).trustProxy).toEqual(['loopback']);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8, fd00::/8, 192.0.2.7' }).trustProxy).toEqual([
      'loopback',
      '10.0.0.0/8',
      'fd00::/8',
      '192.0.2.7',
    ]);
    expect(loadConfig({}).metricsToken).toBeUndefined();
    expect(loadConfig({ METRICS_TOKEN: 'm'.repeat(32) }).metricsToken).toBe('m'.repeat(32));
  });

  it('parses APP_CLOCK_START as an instant with its offset', () => {
    expect(loadConfig({ APP_CLOCK_START: '2026-05-19T23:59:59+07:00' }).clockStart?.toISOString()).toBe('2026-05-19T16:59:59.000Z');
  });
});
