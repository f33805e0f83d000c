import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../config/app-config';

/**
 * What the request log never shows: bearer tokens, cookies, passwords, and the session cookie
 * the page sign-in sets (a response header, which pino-http logs with every response).
 */
export const REDACTED_LOG_PATHS = ['req.headers.authorization', 'req.headers.cookie', 'req.body.password', 'res.headers["set-cookie"]'];

export function httpLoggerParams(config: Pick<AppConfig, 'logLevel' | 'nodeEnv'>): Params {
  return {
    pinoHttp: {
      level: config.logLevel,
      redact: REDACTED_LOG_PATHS,
      autoLogging: config.nodeEnv !== 'test',
    },
  };
}
