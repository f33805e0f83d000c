import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderInThread } from './render-thread';

describe('renderInThread', () => {
  const dir = mkdtempSync(join(tmpdir(), 'render-thread-'));
  const file = join(dir, 'renderer.js');
  writeFileSync(
    file,
    `const { threadId } = require('node:worker_threads');
     exports.echo = async (text, times) => Buffer.from(String(text).repeat(times), 'utf8');
     exports.where = async () => Buffer.from(String(threadId));
     exports.refuse = async (why) => { throw new Error('không dựng được tệp: ' + why); };
     exports.quit = async () => process.exit(3);`,
  );

  it('answers the bytes the renderer made, in a thread other than the caller', async () => {
    const bytes = await renderInThread(file, 'echo', ['Báo cáo tổng hợp ', 1000]);
    expect(bytes.toString('utf8')).toBe('Báo cáo tổng hợp '.repeat(1000));
    expect(Number((await renderInThread(file, 'where', [])).toString())).toBeGreaterThan(0);
  });

  it("passes the renderer's error on, and renders again after it", async () => {
    await expect(renderInThread(file, 'refuse', ['thiếu dữ liệu'])).rejects.toThrow('không dựng được tệp: thiếu dữ liệu');
    expect((await renderInThread(file, 'echo', ['x', 3])).toString()).toBe('xxx');
  });

  it('refuses the job of a thread that ends while rendering, and renders again after it', async () => {
    await expect(renderInThread(file, 'quit', [])).rejects.toThrow('render thread exited (3) while rendering quit');
    expect((await renderInThread(file, 'echo', ['y', 2])).toString()).toBe('yy');
  });

  it('renders several at once, each answered with its own bytes', async () => {
    const all = await Promise.all([1, 2, 3, 4, 5].map((n) => renderInThread(file, 'echo', [String(n), n])));
    expect(all.map((b) => b.toString())).toEqual(['1', '22', '333', '4444', '55555']);
  });
});
