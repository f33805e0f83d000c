import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
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
  const token = sessionCookie(req);
  return token ? auth.authenticate(token) : null;
}

/** Signs the browser in; the visitor CSRF cookie of the sign-in form goes (the session's token replaces it). */
export function setSessionCookie(res: Response, token: string, publicUrl: string): void {
  res.cookie(SESSION_COOKIE, token, cookieOptions(publicUrl, SESSION_TTL_MS));
  res.clearCookie(CSRF_COOKIE, { ...cookieOptions(publicUrl), sameSite: 'strict' });
}

export function clearSessionCookie(res: Response, publicUrl: string): void {
  res.clearCookie(SESSION_COOKIE, cookieOptions(publicUrl));
}

/** The Express setting holding this application's SESSION_SECRET (set by createHttpApp). */
export const SESSION_SECRET_SETTING = 'cbr:session-secret';

const TOKEN_FORMAT = /^[A-Za-z0-9_-]{20,200}$/;

function secretOf(req: Request): string {
  const secret = (req.app?.get(SESSION_SECRET_SETTING) as string | undefined) ?? '';
  if (!secret) throw new Error('SESSION_SECRET is not set on this application');
  return secret;
}

/** HMAC-SHA256 under SESSION_SECRET of `purpose` and `value`, base64url. */
export function keyedToken(req: Request, purpose: string, value: string): string {
  return createHmac('sha256', secretOf(req)).update(`${purpose}|${value}`).digest('base64url');
}

/** The session token the request's cookie presents (not yet checked against the database). */
export function sessionCookie(req: Request): string | undefined {
  const token = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
  return token && TOKEN_FORMAT.test(token) ? token : undefined;
}

const sameToken = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * The CSRF token of a page's forms. With a session cookie it is bound to that session: an
 * HMAC under SESSION_SECRET of the session token, so it changes at every sign-in and no other
 * session's (or a planted cookie's) token passes. Before sign-in (the sign-in and link forms) it
 * is a signed double-submit token: the HMAC of a random value in an httpOnly SameSite=Strict
 * cookie, which sign-in clears. No server state, so any API process of the deployment checks it
 * (they share SESSION_SECRET).
 */
export function issueCsrf(req: Request, res: Response, publicUrl: string): string {
  const session = sessionCookie(req);
  if (session) return keyedToken(req, 'csrf-session', session);
  let nonce = (req.cookies as Record<string, string> | undefined)?.[CSRF_COOKIE];
  if (!nonce || !/^[A-Za-z0-9_-]{32,64}$/.test(nonce)) {
    nonce = randomBytes(24).toString('base64url');
    res.cookie(CSRF_COOKIE, nonce, { ...cookieOptions(publicUrl), sameSite: 'strict' });
    // A later issue in the same request (a page rendered after a refusal) gives the same token.
    (req.cookies as Record<string, string> | undefined) ??= {};
    (req.cookies as Record<string, string>)[CSRF_COOKIE] = nonce;
  }
  return keyedToken(req, 'csrf-visitor', nonce);
}

/**
 * Whether a posted form carries its CSRF token: the token of the session its cookie presents, or,
 * on a route that resolved nobody (sign-in), the visitor token of its CSRF cookie.
 */
export function csrfValid(req: Request): boolean {
  const field = (req.body as Record<string, unknown> | undefined)?.csrf;
  if (typeof field !== 'string' || field.length > 100) return false;
  const session = sessionCookie(req);
  if (session && sameToken(field, keyedToken(req, 'csrf-session', session))) return true;
  if (req.user) return false;
  const nonce = (req.cookies as Record<string, string> | undefined)?.[CSRF_COOKIE];
  return typeof nonce === 'string' && /^[A-Za-z0-9_-]{32,64}$/.test(nonce) && sameToken(field, keyedToken(req, 'csrf-visitor', nonce));
}

/** Only same-site relative paths are followed after sign-in. */
export function safeNext(value: unknown): string {
  return typeof value === 'string' && /^\/(?!\/)[\w\-./?=&%()]*$/.test(value) ? value : '/';
}
