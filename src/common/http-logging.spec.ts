import { createServer, get, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pinoHttp, { Options } from 'pino-http';
import { httpLoggerParams, prettyLogs } from './http-logging';

describe('request log', () => {
  let server: Server;
  let out = '';

  beforeAll(async () => {
    const params = httpLoggerParams({ logLevel: 'info', nodeEnv: 'production' });
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        out += chunk.toString();
        done();
      },
    });
    const logger = pinoHttp(params.pinoHttp as Options, sink);
    server = createServer((req, res) => {
      logger(req, res);
      // What the page sign-in answers: a redirect carrying the new session token.
      res.setHeader('Set-Cookie', ['cbr_sid=SESSION-TOKEN-abcdefghijklmnop; Path=/; HttpOnly']);
      res.statusCode = 303;
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('never shows a session token, in the request or in the response', async () => {
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((done, fail) =>
      get(
        {
          port,
          host: '127.0.0.1',
          path: '/login',
          headers: { authorization: 'Bearer API-TOKEN-abcdefghijklmnop', cookie: 'cbr_sid=OLD-TOKEN' },
        },
        (res) => {
          res.resume();
          res.on('end', () => done());
        },
      ).on('error', fail),
    );
    await new Promise((r) => setTimeout(r, 50));
    expect(out).toContain('"statusCode":303');
    expect(out).not.toContain('SESSION-TOKEN');
    expect(out).not.toContain('API-TOKEN');
    expect(out).not.toContain('OLD-TOKEN');
  });
});

describe('prettyLogs', () => {
  it('prints for a person only at a terminal outside production; JSON lines for programs and production', () => {
    expect(prettyLogs('development', true)).toBe(true);
    expect(prettyLogs('test', true)).toBe(true);
    expect(prettyLogs('production', true)).toBe(false);
    expect(prettyLogs('development', false)).toBe(false);
  });
});
