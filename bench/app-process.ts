/**
 * The API and the worker as the bench measures them: each in its own process, started from the
 * build as `npm start` starts it (`node dist/src/main.js`, configured by the environment), so that
 * their memory is theirs alone (not the bench's, the load client's or the SMTP peer's) and is read
 * by the kernel (`/proc/<pid>/status`), not sampled from inside.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

export interface ProcessMemory {
  /** Resident set now (VmRSS), MB. */
  rssMb: number;
  /** Peak resident set since the process started (VmHWM), MB. */
  peakMb: number;
}

export class AppProcess {
  private output = '';

  private constructor(
    readonly role: 'api' | 'worker',
    private readonly child: ChildProcess,
  ) {
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString('utf8')).slice(-20000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
  }

  /**
   * `api`: bench/api-server.js (the API branch of dist/src/main.js plus the bare endpoint);
   * `worker`: dist/src/main.js itself with APP_ROLE=worker. Resolves once the process serves
   * (`/health` answers) or says "Worker started".
   */
  static async start(role: 'api' | 'worker', env: Record<string, string>): Promise<AppProcess> {
    const script = role === 'api' ? join(ROOT, 'bench', 'api-server.js') : join(ROOT, 'dist', 'src', 'main.js');
    // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the measured processes (Node refuses it in NODE_OPTIONS).
    const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const child = spawn(process.execPath, [...startFlags(), ...nodeArgs, script], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env, APP_ROLE: role },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const proc = new AppProcess(role, child);
    const until = Date.now() + 120000;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`${role} process exited (${child.exitCode ?? child.signalCode}): ${proc.output.slice(-2000)}`);
      if (Date.now() > until) {
        child.kill('SIGKILL');
        throw new Error(`${role} process not ready in 120 s: ${proc.output.slice(-2000)}`);
      }
      if (role === 'worker' ? proc.output.includes('Worker started') : await healthy(env.PORT)) return proc;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** The last of what the process printed (20,000 characters at most). */
  get printed(): string {
    return this.output;
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  /** The kernel's figures for the process: resident now and its high-water mark. */
  memory(): ProcessMemory {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  }

  /** The processes this one started (from `/proc/<pid>/task/<tid>/children`), with their peak resident memory (VmHWM), MB. */
  childrenPeakMb(): Map<number, number> {
    const peaks = new Map<number, number>();
    try {
      for (const tid of readdirSync(`/proc/${this.pid}/task`)) {
        const children = readFileSync(`/proc/${this.pid}/task/${tid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
        for (const child of children) {
          // A process that has ended (a zombie until reaped) has no memory figures.
          const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${child}/status`, 'utf8'))?.[1];
          if (kb) peaks.set(child, Number(kb) / 1024);
        }
      }
    } catch {
      // A child ended while we read: the next look finds the others.
    }
    return peaks;
  }

  /** SIGTERM (the process closes its app), SIGKILL after 10 s. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10000);
    await exited;
    clearTimeout(timer);
  }
}

/** The flags `npm start` gives node (package.json), so that the measured processes run as a deployment's do. */
export function startFlags(): string[] {
  const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const m = /\bnode((?: --\S+)*) dist\/src\/main\.js\b/.exec(scripts.start);
  if (!m) throw new Error(`package.json's start script does not run node dist/src/main.js: ${scripts.start}`);
  return m[1].split(' ').filter(Boolean);
}

async function healthy(port: string | undefined): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/health`);
    return res.status === 200;
  } catch {
    return false;
  }
}
