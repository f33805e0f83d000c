/**
 * The load generator of `bench/submissions.ts`, run as a child process so that its own work
 * (building and parsing 15 kB JSON bodies) neither runs on the API's event loop nor counts in the
 * API's memory. Driven over IPC: `setup` signs the reporters in and reads their reports, `run`
 * drives one closed loop (each client sends its next request as soon as the previous answers).
 */
import { Agent, request } from 'node:http';

export interface SetupMessage {
  type: 'setup';
  port: number;
  usernames: string[];
  password: string;
  plan: string;
  sockets: number;
}

export interface RunMessage {
  type: 'run';
  route: 'save' | 'bare';
  clients: number;
  ms: number;
}

/** The deadline hour: each token's agency opens its report, saves it twice and sends it. */
export interface DeadlineMessage {
  type: 'deadline';
  periodId: string;
  tokens: string[];
  clients: number;
}

export interface DeadlineReply {
  type: 'deadline-result';
  agencies: number;
  submitted: number;
  requests: number;
  errors: number;
  seconds: number;
  /** Every request's latency (open, save, save, send), sorted. */
  latenciesMs: number[];
  firstError: string | null;
}

export interface SetupReply {
  type: 'ready';
  periodId: string;
  entries: number[];
}

export interface RunReply {
  type: 'result';
  ok: number;
  errors: number;
  conflicts: number;
  seconds: number;
  latenciesMs: number[];
  firstError: string | null;
}

export interface FailReply {
  type: 'failed';
  message: string;
}

interface Reply {
  status: number;
  body: any;
}

let agent: Agent;
let port = 0;

function call(method: string, path: string, token: string | null, body?: unknown): Promise<Reply> {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  const headers: Record<string, string | number> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (payload) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = payload.length;
  }
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text;
        try {
          parsed = text ? JSON.parse(text) : null;
        } catch {
          /* not JSON */
        }
        resolve({ status: res.statusCode ?? 0, body: parsed });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** One agency reporter with its report as last read or saved. */
interface Reporter {
  username: string;
  token: string;
  report: any;
  saves: number;
}

const reporters: Reporter[] = [];
let reportPath = '';

/** The report as GET gave it, with every task entry filled and one text field changed. */
function draftBody(r: Reporter): unknown {
  r.saves += 1;
  // GET gives `firstSubmittedAt` and the save answers `warnings`; SaveReportDto lists neither
  // (400 "không được phép"): left out so the figure measures the save, not that mismatch.
  const { firstSubmittedAt: _firstSubmittedAt, warnings: _warnings, ...report } = r.report;
  return {
    ...report,
    tasks: (report.tasks as any[]).map((t, i) => ({
      ...t,
      status: 'on_track',
      percentComplete: (i * 7 + r.saves) % 101,
      capitalAllocated: '1200.5',
      capitalAllocatedStateBudget: '1000',
      capitalDisbursed: '800.25',
      capitalDisbursedStateBudget: '700',
      workDone: `Đã triển khai các nội dung của nhiệm vụ ${t.taskCode}; lần lưu ${i === 0 ? r.saves : 1}.`,
      difficulties: 'Vướng mắc giải phóng mặt bằng, thiếu vốn đối ứng.',
      difficultyKind: 'land_clearance',
      resolvingLevel: 'province',
      proposals: 'Đề nghị bố trí bổ sung vốn ngân sách tỉnh.',
      nextSteps: 'Tiếp tục đôn đốc nhà thầu, hoàn thành thủ tục đầu tư.',
    })),
    summary: { assessment: `Đánh giá chung, bản lưu số ${r.saves}.`, difficulties: 'Thiếu vốn.', proposals: 'Bổ sung vốn.' },
  };
}

async function setup(m: SetupMessage): Promise<SetupReply> {
  port = m.port;
  agent = new Agent({ keepAlive: true, maxSockets: m.sockets });
  for (const username of m.usernames) {
    const res = await call('POST', '/api/auth/login', null, { username, password: m.password });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    reporters.push({ username, token: res.body.accessToken as string, report: null, saves: 0 });
  }
  const periods = await call('GET', `/api/plans/${m.plan}/periods`, reporters[0].token);
  const period = (periods.body as { id: string; kind: string; year: number }[]).find((p) => p.kind === 'semiannual' && p.year === 2026);
  if (!period) throw new Error(`no 2026 semiannual period: ${periods.status} ${JSON.stringify(periods.body)}`);
  reportPath = `/api/periods/${period.id}/my-report`;
  for (const r of reporters) {
    const res = await call('GET', reportPath, r.token);
    if (res.status !== 200) throw new Error(`GET my-report as ${r.username}: ${res.status} ${JSON.stringify(res.body)}`);
    r.report = res.body;
  }
  return { type: 'ready', periodId: period.id, entries: reporters.map((r) => (r.report.tasks as unknown[]).length) };
}

async function run(m: RunMessage): Promise<RunReply> {
  let conflicts = 0;
  let firstError: string | null = null;
  const one = async (i: number): Promise<boolean> => {
    const r = reporters[i];
    if (m.route === 'bare') {
      const res = await call('POST', '/bench/bare', r.token, { note: 'x' });
      if (res.status !== 200) firstError ??= `POST /bench/bare as ${r.username}: ${res.status} ${JSON.stringify(res.body).slice(0, 400)}`;
      return res.status === 200;
    }
    const res = await call('PUT', reportPath, r.token, draftBody(r));
    if (res.status === 200) {
      r.report = res.body; // carries the new version
      return true;
    }
    firstError ??= `PUT my-report as ${r.username}: ${res.status} ${JSON.stringify(res.body).slice(0, 400)}`;
    if (res.status === 409) {
      conflicts += 1;
      r.report = (await call('GET', reportPath, r.token)).body;
    }
    return false;
  };
  const latenciesMs: number[] = [];
  let ok = 0;
  let errors = 0;
  const started = process.hrtime.bigint();
  const until = Date.now() + m.ms;
  await Promise.all(
    Array.from({ length: m.clients }, async (_, i) => {
      while (Date.now() < until) {
        const t0 = process.hrtime.bigint();
        const good = await one(i).catch((error: unknown) => {
          firstError ??= String(error);
          return false;
        });
        if (good) {
          ok += 1;
          latenciesMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
        } else errors += 1;
      }
    }),
  );
  return { type: 'result', ok, errors, conflicts, seconds: Number(process.hrtime.bigint() - started) / 1e9, latenciesMs, firstError };
}

async function deadline(m: DeadlineMessage): Promise<DeadlineReply> {
  const path = `/api/periods/${m.periodId}/my-report`;
  const latenciesMs: number[] = [];
  let requests = 0;
  let errors = 0;
  let submitted = 0;
  let firstError: string | null = null;
  const timed = async (method: string, to: string, token: string, body?: unknown): Promise<Reply> => {
    const t0 = process.hrtime.bigint();
    // A request that fails on the wire (reset, refused) counts as an error, as a refusal does.
    const res = await call(method, to, token, body).catch((error: unknown): Reply => ({ status: 0, body: String(error) }));
    latenciesMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
    requests += 1;
    if (res.status !== 200) {
      errors += 1;
      firstError ??= `${method} ${to}: ${res.status} ${JSON.stringify(res.body).slice(0, 400)}`;
    }
    return res;
  };
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: m.clients }, async () => {
      while (next < m.tokens.length) {
        const token = m.tokens[next++];
        const r: Reporter = { username: token.slice(0, 6), token, report: null, saves: 0 };
        const opened = await timed('GET', path, token);
        if (opened.status !== 200) continue;
        r.report = opened.body;
        let saved = true;
        for (let i = 0; i < 2 && saved; i++) {
          const res = await timed('PUT', path, token, draftBody(r));
          saved = res.status === 200;
          if (saved) r.report = res.body;
        }
        if (saved && (await timed('POST', `${path}/submit`, token)).status === 200) submitted += 1;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latenciesMs.sort((a, b) => a - b);
  return { type: 'deadline-result', agencies: m.tokens.length, submitted, requests, errors, seconds, latenciesMs, firstError };
}

process.on('message', (m: SetupMessage | RunMessage | DeadlineMessage | { type: 'exit' }) => {
  if (m.type === 'exit') {
    agent?.destroy();
    process.disconnect();
    return;
  }
  (m.type === 'setup' ? setup(m) : m.type === 'run' ? run(m) : deadline(m)).then(
    (reply) => process.send?.(reply),
    (error: unknown) =>
      process.send?.({ type: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies FailReply),
  );
});
