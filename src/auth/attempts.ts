import type { RedisClient } from '../redis/redis.module';

/**
 * Takes one attempt from a bucket before the attempt is checked: INCR, and if that passes the
 * limit the attempt is given back and refused. Atomic in Redis (one script on one key, so it
 * works on a Cluster too), so of any number of parallel attempts at most `limit` are checked
 * within the window; refused attempts do not count. The window runs from the last admitted
 * attempt. Answers `{ admitted: true }` or `{ admitted: false, retryAfter }` (seconds).
 */
const TAKE = `
local n = redis.call('INCR', KEYS[1])
if n > tonumber(ARGV[1]) then
  redis.call('DECR', KEYS[1])
  local ttl = redis.call('TTL', KEYS[1])
  if ttl < 0 then redis.call('EXPIRE', KEYS[1], ARGV[2]); ttl = tonumber(ARGV[2]) end
  return {0, ttl}
end
redis.call('EXPIRE', KEYS[1], ARGV[2])
return {1, n}`;

/** Gives an attempt back (it turned out not to count: a right password); never below zero, never a key without expiry. */
const GIVE_BACK = `
if redis.call('EXISTS', KEYS[1]) == 1 then
  if redis.call('DECR', KEYS[1]) <= 0 then redis.call('DEL', KEYS[1]) end
end
return 1`;

export type Attempt = { admitted: true } | { admitted: false; retryAfter: number };

export async function takeAttempt(redis: RedisClient, key: string, limit: number, windowSeconds: number): Promise<Attempt> {
  const [admitted, value] = (await redis.eval(TAKE, 1, key, String(limit), String(windowSeconds))) as [number, number];
  return admitted === 1 ? { admitted: true } : { admitted: false, retryAfter: Math.max(Number(value), 1) };
}

export async function giveBackAttempt(redis: RedisClient, key: string): Promise<void> {
  await redis.eval(GIVE_BACK, 1, key);
}
