import { Worker } from 'node:worker_threads';

/**
 * Document rendering in worker threads with a heap of their own. A national consolidated report
 * takes about 300 MB to build as DOCX; the API and the worker run with a small heap
 * (`--max-old-space-size` in `npm start`) so that garbage from their everyday work is collected
 * early instead of growing the process. A render runs in a thread whose old generation may grow
 * to `THREAD_HEAP_MB`; when the thread's heap is left large after a job it is ended, so that the
 * memory goes back, otherwise it waits a few seconds for the next document (loading the renderer
 * libraries costs 150–700 ms).
 *
 * A renderer is an exported async function of structured-cloneable arguments answering bytes; the
 * thread loads its module by path (the built `.js`, or the `.ts` source through ts-node in tests).
 */
const THREAD_HEAP_MB = 2048;
/** A thread whose heap holds more than this after a job is ended rather than kept. */
const KEEP_BELOW_MB = 96;
const IDLE_MS = 5000;
/** Threads rendering at once; further jobs wait for one. */
const MAX_THREADS = 2;

const THREAD_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const { getHeapStatistics } = require('node:v8');
if (workerData.typescript) require('ts-node').register({ transpileOnly: true });
parentPort.on('message', async ({ file, fn, args }) => {
  try {
    const out = await require(file)[fn](...args);
    const bytes = new Uint8Array(out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength));
    parentPort.postMessage({ ok: true, bytes, heapMb: getHeapStatistics().used_heap_size / 1048576 }, [bytes.buffer]);
  } catch (error) {
    parentPort.postMessage({ ok: false, message: error && error.message ? error.message : String(error), stack: error && error.stack });
  }
});
`;

interface Reply {
  ok: boolean;
  bytes?: Uint8Array;
  heapMb?: number;
  message?: string;
  stack?: string;
}

interface Job {
  file: string;
  fn: string;
  args: unknown[];
  resolve: (bytes: Buffer) => void;
  reject: (error: Error) => void;
}

class RenderThreads {
  private readonly idle: { worker: Worker; timer: NodeJS.Timeout }[] = [];
  private busy = 0;
  private readonly waiting: Job[] = [];

  run(file: string, fn: string, args: unknown[]): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ file, fn, args, resolve, reject });
      this.next();
    });
  }

  private next(): void {
    while (this.waiting.length && (this.idle.length || this.busy < MAX_THREADS)) {
      const job = this.waiting.shift()!;
      const kept = this.idle.pop();
      if (kept) clearTimeout(kept.timer);
      this.busy += 1;
      this.execute(kept?.worker ?? this.spawn(job.file), job);
    }
  }

  private spawn(file: string): Worker {
    const worker = new Worker(THREAD_CODE, {
      eval: true,
      workerData: { typescript: file.endsWith('.ts') },
      resourceLimits: { maxOldGenerationSizeMb: THREAD_HEAP_MB },
      stdout: false,
      stderr: false,
    });
    // An idle thread that dies is forgotten; a busy one's job is refused by execute's listener.
    worker.once('exit', () => this.forget(worker));
    return worker;
  }

  private execute(worker: Worker, job: Job): void {
    // Referenced while it works, so that a script awaiting a document does not exit under it.
    worker.ref();
    const done = (keep: boolean) => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      this.busy -= 1;
      if (keep) {
        worker.unref();
        const timer = setTimeout(() => this.retire(worker), IDLE_MS);
        timer.unref();
        this.idle.push({ worker, timer });
      } else void worker.terminate();
      this.next();
    };
    const onMessage = (reply: Reply) => {
      done(reply.ok && (reply.heapMb ?? Infinity) < KEEP_BELOW_MB);
      if (reply.ok) job.resolve(Buffer.from(reply.bytes!.buffer, reply.bytes!.byteOffset, reply.bytes!.byteLength));
      else job.reject(Object.assign(new Error(reply.message), { stack: reply.stack }));
    };
    const onError = (error: Error) => {
      done(false);
      job.reject(error);
    };
    const onExit = (code: number) => {
      done(false);
      job.reject(new Error(`render thread exited (${code}) while rendering ${job.fn}`));
    };
    worker.on('message', onMessage);
    worker.once('error', onError);
    worker.once('exit', onExit);
    worker.postMessage({ file: job.file, fn: job.fn, args: job.args });
  }

  private retire(worker: Worker): void {
    this.forget(worker);
    void worker.terminate();
  }

  private forget(worker: Worker): void {
    const at = this.idle.findIndex((t) => t.worker === worker);
    if (at >= 0) {
      clearTimeout(this.idle[at].timer);
      this.idle.splice(at, 1);
    }
  }
}

const threads = new RenderThreads();

/** Calls `fn` of the module at `file` (an absolute path) in a render thread; answers its bytes. */
export function renderInThread(file: string, fn: string, args: unknown[]): Promise<Buffer> {
  return threads.run(file, fn, args);
}
