/**
 * The document process's own code (common/document-process.ts forks it): renders what it is asked
 * to, one job at a time, and answers the bytes with the heap it was left with. It ends with its
 * parent: when the IPC channel closes.
 */
import { getHeapStatistics } from 'node:v8';

interface RenderRequest {
  file: string;
  fn: string;
  args: unknown[];
}

type Renderer = (...args: unknown[]) => Promise<Uint8Array>;

process.on('message', (request: RenderRequest) => {
  void render(request).then((reply) => process.send?.(reply));
});
process.on('disconnect', () => process.exit(0));

async function render({ file, fn, args }: RenderRequest): Promise<object> {
  try {
    const renderer = ((await import(file)) as Record<string, Renderer>)[fn];
    if (typeof renderer !== 'function') throw new Error(`${file} exports no renderer ${fn}`);
    const bytes = await renderer(...args);
    return { ok: true, bytes, heapMb: getHeapStatistics().used_heap_size / 2 ** 20 };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    return { ok: false, message: e.message, stack: e.stack };
  }
}
