/**
 * REDIS_URL forms:
 *   redis://[:password@]host:port[/db]  and rediss://…            a single server
 *   redis+sentinel://[:password@]h1:26379,h2:26379/mymaster[/db]   Sentinel: the master named "mymaster"
 *   redis+cluster://[:password@]h1:7000,h2:7001,h3:7002             Redis Cluster (seed nodes)
 */
export type RedisTarget =
  | { kind: 'single'; url: string }
  | { kind: 'sentinel'; sentinels: { host: string; port: number }[]; name: string; password?: string; db: number }
  | { kind: 'cluster'; nodes: { host: string; port: number }[]; password?: string };

export class RedisUrlError extends Error {}

function hosts(list: string, defaultPort: number): { host: string; port: number }[] {
  return list.split(',').map((h) => {
    const m = /^(\[[^\]]+\]|[^:]+)(?::(\d{1,5}))?$/.exec(h.trim());
    if (!m) throw new RedisUrlError(`"${h}" is not host:port`);
    const port = m[2] ? Number(m[2]) : defaultPort;
    if (port < 1 || port > 65535) throw new RedisUrlError(`port ${port} is out of range`);
    return { host: m[1].replace(/^\[|\]$/g, ''), port };
  });
}

export function parseRedisUrl(url: string): RedisTarget {
  const m = /^(redis\+sentinel|redis\+cluster):\/\/(?:([^@/]*)@)?([^/?#]+)(\/[^?#]*)?$/.exec(url);
  if (!m) {
    if (/^rediss?:\/\//.test(url)) return { kind: 'single', url };
    throw new RedisUrlError('use redis://, rediss://, redis+sentinel:// or redis+cluster://');
  }
  const [, scheme, auth, hostList, path = ''] = m;
  const password = auth ? decodeURIComponent(auth.includes(':') ? auth.slice(auth.indexOf(':') + 1) : auth) || undefined : undefined;
  if (scheme === 'redis+cluster') {
    if (path && path !== '/') throw new RedisUrlError('a cluster URL has no path (Redis Cluster has only database 0)');
    return { kind: 'cluster', nodes: hosts(hostList, 6379), password };
  }
  const [, name, db] = path.split('/');
  if (!name) throw new RedisUrlError('a Sentinel URL names the master after the hosts: redis+sentinel://h1:26379,h2:26379/mymaster');
  if (db !== undefined && !/^\d{1,2}$/.test(db)) throw new RedisUrlError(`database "${db}" must be a number`);
  return { kind: 'sentinel', sentinels: hosts(hostList, 26379), name: decodeURIComponent(name), password, db: db ? Number(db) : 0 };
}
