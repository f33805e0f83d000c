import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { CookieOptions, Request, Response } from 'express';
import { AuthService, SESSION_TTL_MS } from '../auth/auth.service';
import type { CurrentUser } from '../auth/auth.types';

export const SESSION_COOKIE = 'cbr_sid';
export const CSRF_COOKIE = 'cbr_csrf';

function cookieOptions(publicUrl: string, maxAgeMs?: number): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure: publicUrl.startsWith('https:'), path: '/', ...(maxAgeMs ? { maxAge: maxAgeMs } : {}) };
}

/** The signed-in user of a page request (the session token rides in an httpOnly cookie). */
export async function pageUser(req: Request, auth: AuthService): Promise<CurrentUser | null> {
  const token = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
  if (!token || !/^[A-Za-z0-9_-]{20,200}$/.test(token)) return null;
  return auth.authenticate(token);
}

export function setSessionCookie(res: Response, token: string, publicUrl: string): void {
  res.cookie(SESSION_COOKIE, token, cookieOptions(publicUrl, SESSION_TTL_MS));
}

export function clearSessionCookie(res: Response, publicUrl: string): void {
  res.clearCookie(SESSION_COOKIE, cookieOptions(publicUrl));
}

/**
 * Double-submit CSRF token: a random value in an httpOnly SameSite=Strict cookie and the same
 * value in every form; a post whose two copies differ is refused. No server state, so any API
 * process can check it.
 */
export function issueCsrf(req: Request, res: Response, publicUrl: string): string {
  const existing = (req.cookies as Record<string, string> | undefined)?.[CSRF_COOKIE];
  if (existing && /^[A-Za-z0-9_-]{32,64}$/.test(existing)) return existing;
  const token = randomBytes(24).toString('base64url');
  res.cookie(CSRF_COOKIE, token, { ...cookieOptions(publicUrl), sameSite: 'strict' });
  return token;
}

export function csrfValid(req: Request): boolean {
  const cookie = (req.cookies as Record<string, string> | undefined)?.[CSRF_COOKIE];
  const field = (req.body as Record<string, unknown> | undefined)?.csrf;
  if (typeof cookie !== 'string' || typeof field !== 'string' || cookie.length !== field.length) return false;
  return timingSafeEqual(Buffer.from(cookie), Buffer.from(field));
}

/** Only same-site relative paths are followed after sign-in. */
export function safeNext(value: unknown): string {
  return typeof value === 'string' && /^\/(?!\/)[\w\-./?=&%()]*$/.test(value) ? value : '/';
}
