import type { Role } from './user.entity';

/** Who is making the request, as the guard resolved it. */
export interface CurrentUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  agencyId: string;
  agencyCode: string;
  sessionId: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    user?: CurrentUser;
  }
}
