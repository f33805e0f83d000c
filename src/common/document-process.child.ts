/**
 * The document process's own code (common/document-process.ts forks it): runs what it is asked
 * to, one job at a time, and answers the result with the heap it was left with. It ends with its
 * parent: when the IPC channel closes.
 */
import { getHeapStatistics } from 'node:v8';

interface RenderRequest {
  file: string;
  fn: string;
  args: unknown[];
  /** The function takes a progress callback after `args`: each call is sent to the parent. */
  progress: boolean;
}

type Renderer = (...args: unknown[]) => Promise<unknown>;

process.on('message', (request: RenderRequest) => {
  void render(request).then((reply) => process.send?.(reply));
});
process.on('disconnect', () => process.exit(0));

async function render({ file, fn, args, progress }: RenderRequest): Promise<object> {
  try {
    const renderer = ((await import(file)) as Record<string, Renderer>)[fn];
    if (typeof renderer !== 'function') throw new Error(`${file} exports no function ${fn}`);
    const report = (fraction: number) => void process.send?.({ progress: fraction });
    // Buffers travel as Uint8Arrays (structured clone): given back as the Buffers they were.
    const given = args.map((a) => (a instanceof Uint8Array && !Buffer.isBuffer(a) ? Buffer.from(a.buffer, a.byteOffset, a.byteLength) : a));
    const value = await renderer(...given, ...(progress ? [report] : []));
    return { ok: true, value, heapMb: getHeapStatistics().used_heap_size / 2 ** 20 };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    return { ok: false, message: e.message, stack: e.stack };
  }
}
