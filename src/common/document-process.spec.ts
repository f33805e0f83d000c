import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderInDocumentProcess, runInDocumentProcess } from './document-process';

describe('renderInDocumentProcess', () => {
  const dir = mkdtempSync(join(tmpdir(), 'document-process-'));
  const file = join(dir, 'renderer.js');
  writeFileSync(
    file,
    `exports.echo = async (text, times) => Buffer.from(String(text).repeat(times), 'utf8');
     exports.where = async () => Buffer.from(String(process.pid));
     exports.heap = async () => Buffer.from(String(require('node:v8').getHeapStatistics().heap_size_limit / 1048576));
     exports.refuse = async (why) => { throw new Error('không dựng được tệp: ' + why); };
     exports.quit = async () => process.exit(3);
     exports.count = async (bytes, progress) => { for (const f of [0.25, 0.5, 1]) progress(f); return { length: bytes.length, buffer: Buffer.isBuffer(bytes) }; };`,
  );

  it('answers the bytes the renderer made, in a process other than the caller, with a heap of its own', async () => {
    const bytes = await renderInDocumentProcess(file, 'echo', ['Báo cáo tổng hợp ', 1000]);
    expect(bytes.toString('utf8')).toBe('Báo cáo tổng hợp '.repeat(1000));
    const pid = Number((await renderInDocumentProcess(file, 'where', [])).toString());
    expect(pid).toBeGreaterThan(0);
    expect(pid).not.toBe(process.pid);
    expect(Number((await renderInDocumentProcess(file, 'heap', [])).toString())).toBeGreaterThanOrEqual(2048);
  });

  it("passes the renderer's error on, and renders again after it", async () => {
    await expect(renderInDocumentProcess(file, 'refuse', ['thiếu dữ liệu'])).rejects.toThrow('không dựng được tệp: thiếu dữ liệu');
    expect((await renderInDocumentProcess(file, 'echo', ['x', 3])).toString()).toBe('xxx');
  });

  it('refuses the job of a process that ends while rendering, and renders again after it', async () => {
    await expect(renderInDocumentProcess(file, 'quit', [])).rejects.toThrow('document process exited (3) while rendering quit');
    expect((await renderInDocumentProcess(file, 'echo', ['y', 2])).toString()).toBe('yy');
  });

  it('renders several at once, each answered with its own bytes', async () => {
    const all = await Promise.all([1, 2, 3, 4, 5].map((n) => renderInDocumentProcess(file, 'echo', [String(n), n])));
    expect(all.map((b) => b.toString())).toEqual(['1', '22', '333', '4444', '55555']);
  });

  it('passes Buffers as Buffers, reports progress and answers a structured result', async () => {
    const seen: number[] = [];
    const result = await runInDocumentProcess(file, 'count', [Buffer.from('bảng tính')], (f) => seen.push(f));
    expect(result).toEqual({ length: Buffer.byteLength('bảng tính'), buffer: true });
    expect(seen).toEqual([0.25, 0.5, 1]);
  });

  it('refuses a job whose arguments cannot be sent, and renders again after it', async () => {
    await expect(renderInDocumentProcess(file, 'echo', [() => 'không gửi được', 1])).rejects.toThrow();
    expect((await renderInDocumentProcess(file, 'echo', ['z', 2])).toString()).toBe('zz');
  });
});
