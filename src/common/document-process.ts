import { ChildProcess, fork } from 'node:child_process';
import { extname, join } from 'node:path';

/**
 * Document rendering in a process of its own. A national consolidated report takes about 300 MB
 * of heap to build as DOCX; the API and the worker run with a small heap (`--max-old-space-size`
 * in `npm start`) so that the garbage of their everyday work is collected early instead of
 * growing the process. V8's flag holds for every isolate of a process (a worker thread cannot be
 * given more), so a render runs in a forked process whose old generation may grow to
 * `DOCUMENT_HEAP_MB`. A process left with a large heap after a job is ended, so that its memory
 * goes back; otherwise it waits a few seconds for the next document (starting one and loading the
 * renderer libraries costs 150–700 ms).
 *
 * A renderer is an exported async function of structured-cloneable arguments answering bytes (or,
 * for a workbook read, a structured-cloneable result); the process loads its module by path (the built `.js`, or the `.ts` source through ts-node in tests).
 */
const DOCUMENT_HEAP_MB = 2048;
/** A process whose heap holds more than this after a job is ended rather than kept. */
const KEEP_BELOW_MB = 96;
const IDLE_MS = 5000;
/** Processes rendering at once; further jobs wait for one. */
const MAX_PROCESSES = 2;
/** A job still running after this is given up: its process is killed, so that it cannot hold a slot for ever. */
const JOB_TIMEOUT_MS = 300_000;

const CHILD = join(__dirname, `document-process.child${extname(__filename)}`);

interface Reply {
  ok?: boolean;
  value?: unknown;
  heapMb?: number;
  message?: string;
  stack?: string;
  /** Not the end: the function reported how far it is. */
  progress?: number;
}

interface Job {
  file: string;
  fn: string;
  args: unknown[];
  progress?: (fraction: number) => unknown;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

class DocumentProcesses {
  private readonly idle: { child: ChildProcess; timer: NodeJS.Timeout }[] = [];
  private busy = 0;
  private readonly waiting: Job[] = [];

  run(file: string, fn: string, args: unknown[], progress?: (fraction: number) => unknown): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ file, fn, args, progress, resolve, reject });
      this.next();
    });
  }

  private next(): void {
    while (this.waiting.length && (this.idle.length || this.busy < MAX_PROCESSES)) {
      const job = this.waiting.shift()!;
      const kept = this.idle.pop();
      if (kept) clearTimeout(kept.timer);
      this.busy += 1;
      let child: ChildProcess;
      try {
        child = kept?.child ?? this.spawn();
      } catch (error) {
        this.busy -= 1;
        job.reject(error instanceof Error ? error : new Error(String(error)));
        continue;
      }
      this.execute(child, job);
    }
  }

  private spawn(): ChildProcess {
    const typescript = CHILD.endsWith('.ts');
    const child = fork(CHILD, [], {
      // Not the parent's flags: its heap cap is what this process exists to escape.
      execArgv: [`--max-old-space-size=${DOCUMENT_HEAP_MB}`, ...(typescript ? ['-r', 'ts-node/register'] : [])],
      env: typescript ? { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' } : process.env,
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    // An idle process that dies is forgotten; a busy one's job is refused by execute's listener.
    child.once('exit', () => this.forget(child));
    return child;
  }

  private execute(child: ChildProcess, job: Job): void {
    // Referenced while it works, so that a script awaiting a document does not exit under it.
    child.ref();
    child.channel?.ref();
    let finished = false;
    /** Settles the job first, then frees the process (kept for the next job or ended) and starts the next. */
    const finish = (keep: boolean, settle: () => void) => {
      if (finished) return;
      finished = true;
      clearTimeout(timeout);
      child.off('message', onMessage);
      child.off('error', onError);
      child.off('exit', onExit);
      settle();
      this.busy -= 1;
      if (keep) {
        child.unref();
        child.channel?.unref();
        const timer = setTimeout(() => this.retire(child), IDLE_MS);
        timer.unref();
        this.idle.push({ child, timer });
      } else child.kill('SIGKILL');
      this.next();
    };
    const onMessage = (reply: Reply) => {
      if (reply.progress !== undefined) {
        const fraction = reply.progress;
        void Promise.resolve()
          .then(() => job.progress?.(fraction))
          .catch(() => undefined);
        return;
      }
      const keep = reply.ok === true && (reply.heapMb ?? Infinity) < KEEP_BELOW_MB;
      finish(keep, () => {
        if (!reply.ok) job.reject(Object.assign(new Error(reply.message), { stack: reply.stack }));
        // Bytes arrive as a Uint8Array (structured clone): answered as the Buffer they were.
        else if (reply.value instanceof Uint8Array)
          job.resolve(Buffer.from(reply.value.buffer, reply.value.byteOffset, reply.value.byteLength));
        else job.resolve(reply.value);
      });
    };
    const onError = (error: Error) => finish(false, () => job.reject(error));
    const onExit = (code: number | null, signal: string | null) =>
      finish(false, () => job.reject(new Error(`document process exited (${code ?? signal}) while rendering ${job.fn}`)));
    const timeout = setTimeout(
      () => finish(false, () => job.reject(new Error(`${job.fn} did not finish in ${JOB_TIMEOUT_MS / 1000} s`))),
      JOB_TIMEOUT_MS,
    );
    timeout.unref();
    child.on('message', onMessage);
    child.once('error', onError);
    child.once('exit', onExit);
    try {
      // An argument that cannot be cloned (a function) throws here: the job is refused, the process ended.
      child.send({ file: job.file, fn: job.fn, args: job.args, progress: job.progress !== undefined });
    } catch (error) {
      finish(false, () => job.reject(error instanceof Error ? error : new Error(String(error))));
    }
  }

  private retire(child: ChildProcess): void {
    this.forget(child);
    child.kill();
  }

  private forget(child: ChildProcess): void {
    const at = this.idle.findIndex((p) => p.child === child);
    if (at >= 0) {
      clearTimeout(this.idle[at].timer);
      this.idle.splice(at, 1);
    }
  }
}

const processes = new DocumentProcesses();

/** Calls `fn` of the module at `file` (an absolute path) in a document process; answers its bytes. */
export async function renderInDocumentProcess(file: string, fn: string, args: unknown[]): Promise<Buffer> {
  const value = await processes.run(file, fn, args);
  if (!Buffer.isBuffer(value)) throw new Error(`${fn} answered no bytes`);
  return value;
}

/**
 * Calls `fn` of the module at `file` in a document process with `args` and, last, a progress
 * callback whose calls reach `progress` here; answers its (structured-cloned) result.
 */
export function runInDocumentProcess<T>(file: string, fn: string, args: unknown[], progress: (fraction: number) => unknown): Promise<T> {
  return processes.run(file, fn, args, progress) as Promise<T>;
}
