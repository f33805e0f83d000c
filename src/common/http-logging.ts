import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../config/app-config';

/**
 * What the request log never shows: bearer tokens, cookies, passwords, and the session cookie
 * the page sign-in sets (a response header, which pino-http logs with every response).
 */
export const REDACTED_LOG_PATHS = ['req.headers.authorization', 'req.headers.cookie', 'req.body.password', 'res.headers["set-cookie"]'];

/**
 * Lines for a person at a terminal (pino-pretty: time, level, message) outside production; JSON
 * lines, one object each, everywhere else (production, and any output a program reads: a pipe,
 * a file, the tests' child processes).
 */
export function prettyLogs(nodeEnv: string, stdoutIsTty = Boolean(process.stdout.isTTY)): boolean {
  return stdoutIsTty && nodeEnv !== 'production';
}

export function httpLoggerParams(config: Pick<AppConfig, 'logLevel' | 'nodeEnv'>): Params {
  return {
    pinoHttp: {
      level: config.logLevel,
      redact: REDACTED_LOG_PATHS,
      autoLogging: config.nodeEnv !== 'test',
      ...(prettyLogs(config.nodeEnv)
        ? {
            transport: {
              target: 'pino-pretty',
              options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,req,res,context', singleLine: true },
            },
          }
        : {}),
    },
  };
}
