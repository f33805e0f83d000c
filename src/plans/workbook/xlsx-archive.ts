import { createInflateRaw } from 'node:zlib';

/** Most bytes the parts of an imported .xlsx may inflate to, together (the Cao Bằng plan's workbook inflates to under 1 MB). */
export const IMPORT_MAX_INFLATED_BYTES = 100 * 1024 * 1024;
/** Most parts (zip entries) an imported .xlsx may hold (a workbook of 200 sheets has well under 1,000). */
export const IMPORT_MAX_ENTRIES = 10_000;

export interface ArchiveLimits {
  maxInflatedBytes: number;
  maxEntries: number;
}

export const IMPORT_ARCHIVE_LIMITS: ArchiveLimits = { maxInflatedBytes: IMPORT_MAX_INFLATED_BYTES, maxEntries: IMPORT_MAX_ENTRIES };

/** Why an archive is refused: too big once inflated (413), or not a zip a reader could open (415). */
export type ArchiveProblem =
  { kind: 'too-many-entries'; entries: number } | { kind: 'too-large'; part: string } | { kind: 'unreadable'; reason: string };

export interface ArchiveSummary {
  entries: number;
  inflatedBytes: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

class Refusal extends Error {
  constructor(readonly problem: ArchiveProblem) {
    super(problem.kind);
  }
}

const unreadable = (reason: string) => new Refusal({ kind: 'unreadable', reason });

/** A 64-bit little-endian size, refused when beyond what a JavaScript number holds exactly. */
function u64(buf: Buffer, at: number): number {
  const value = buf.readBigUInt64LE(at);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw unreadable('zip64 size out of range');
  return Number(value);
}

/** The end of central directory record (and its zip64 form): where the directory is and how many entries it declares. */
function directory(buf: Buffer): { entries: number; offset: number; size: number } {
  const floor = Math.max(0, buf.length - 22 - 0xffff);
  let at = -1;
  for (let i = buf.length - 22; i >= floor; i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      at = i;
      break;
    }
  }
  if (at < 0) throw unreadable('no end of central directory');
  let entries = buf.readUInt16LE(at + 10);
  let size = buf.readUInt32LE(at + 12);
  let offset = buf.readUInt32LE(at + 16);
  if ((entries === 0xffff || size === 0xffffffff || offset === 0xffffffff) && at >= 20 && buf.readUInt32LE(at - 20) === ZIP64_LOCATOR) {
    const z = u64(buf, at - 20 + 8);
    if (z + 56 > buf.length || buf.readUInt32LE(z) !== ZIP64_EOCD) throw unreadable('bad zip64 end of central directory');
    entries = u64(buf, z + 32);
    size = u64(buf, z + 40);
    offset = u64(buf, z + 48);
  }
  if (offset + size > buf.length) throw unreadable('central directory outside the file');
  return { entries, offset, size };
}

interface Entry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/** Sizes and offset from the zip64 extended information extra field, for the fields marked 0xFFFFFFFF. */
function zip64Extra(extra: Buffer, entry: Entry): void {
  for (let i = 0; i + 4 <= extra.length;) {
    const id = extra.readUInt16LE(i);
    const length = extra.readUInt16LE(i + 2);
    if (id === 0x0001) {
      let p = i + 4;
      const end = p + length;
      const take = (): number => {
        if (p + 8 > end || end > extra.length) throw unreadable('short zip64 extra field');
        const v = u64(extra, p);
        p += 8;
        return v;
      };
      if (entry.size === 0xffffffff) entry.size = take();
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = take();
      if (entry.localOffset === 0xffffffff) entry.localOffset = take();
      return;
    }
    i += 4 + length;
  }
}

/** Counts the bytes `data` inflates to, keeping none of them, and stops as soon as they exceed `cap`. */
function inflatedLength(data: Buffer, cap: number): Promise<number | 'over'> {
  return new Promise((resolve, reject) => {
    const inflate = createInflateRaw({ chunkSize: 64 * 1024 });
    let total = 0;
    let settled = false;
    inflate.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > cap && !settled) {
        settled = true;
        resolve('over');
        inflate.destroy();
      }
    });
    inflate.on('error', (error: Error) => {
      if (!settled) reject(unreadable(`inflate: ${error.message}`));
      settled = true;
    });
    inflate.on('end', () => {
      if (!settled) resolve(total);
      settled = true;
    });
    inflate.end(data);
  });
}

/**
 * Reads a zip archive's central directory and inflates each part without keeping it, refusing
 * (before any parser builds it in memory) an archive with more than `maxEntries` parts, or whose
 * parts declare or actually inflate to more than `maxInflatedBytes` together, or a part that
 * inflates to more than it declares. Answers the count and total, or the problem.
 */
export async function inspectArchive(buf: Buffer, limits: ArchiveLimits = IMPORT_ARCHIVE_LIMITS): Promise<ArchiveSummary | ArchiveProblem> {
  try {
    if (buf.length < 22) throw unreadable('too short');
    const dir = directory(buf);
    if (dir.entries > limits.maxEntries) return { kind: 'too-many-entries', entries: dir.entries };
    const entries: Entry[] = [];
    let declared = 0;
    for (let at = dir.offset; at < dir.offset + dir.size;) {
      if (at + 46 > buf.length || buf.readUInt32LE(at) !== CENTRAL) throw unreadable('bad central directory entry');
      if (entries.length >= limits.maxEntries) return { kind: 'too-many-entries', entries: Math.max(dir.entries, entries.length + 1) };
      const nameLength = buf.readUInt16LE(at + 28);
      const extraLength = buf.readUInt16LE(at + 30);
      const commentLength = buf.readUInt16LE(at + 32);
      const entry: Entry = {
        name: buf.toString('utf8', at + 46, at + 46 + nameLength),
        flags: buf.readUInt16LE(at + 8),
        method: buf.readUInt16LE(at + 10),
        compressedSize: buf.readUInt32LE(at + 20),
        size: buf.readUInt32LE(at + 24),
        localOffset: buf.readUInt32LE(at + 42),
      };
      zip64Extra(buf.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength), entry);
      declared += entry.size;
      if (declared > limits.maxInflatedBytes) return { kind: 'too-large', part: entry.name };
      entries.push(entry);
      at += 46 + nameLength + extraLength + commentLength;
    }
    let inflated = 0;
    for (const entry of entries) {
      if (entry.flags & 0x1) throw unreadable(`encrypted part ${entry.name}`);
      const local = entry.localOffset;
      if (local + 30 > buf.length || buf.readUInt32LE(local) !== LOCAL) throw unreadable(`bad local header for ${entry.name}`);
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      if (start + entry.compressedSize > buf.length) throw unreadable(`part ${entry.name} outside the file`);
      const data = buf.subarray(start, start + entry.compressedSize);
      let length: number | 'over';
      if (entry.method === 0) length = data.length;
      else if (entry.method === 8) length = await inflatedLength(data, Math.min(entry.size, limits.maxInflatedBytes - inflated));
      else throw unreadable(`compression method ${entry.method} of ${entry.name}`);
      // A part inflating to more than it declares is a lie meant to pass the declared check: refused as too large.
      if (length === 'over' || length > entry.size) return { kind: 'too-large', part: entry.name };
      inflated += length;
      if (inflated > limits.maxInflatedBytes) return { kind: 'too-large', part: entry.name };
    }
    return { entries: entries.length, inflatedBytes: inflated };
  } catch (error) {
    if (error instanceof Refusal) return error.problem;
    throw error;
  }
}

export const isArchiveProblem = (r: ArchiveSummary | ArchiveProblem): r is ArchiveProblem => 'kind' in r;

/** "100 MB", "10.000": a limit as a Vietnamese reader writes it. */
export function limitText(limits: ArchiveLimits = IMPORT_ARCHIVE_LIMITS): { bytes: string; entries: string } {
  return {
    bytes: `${new Intl.NumberFormat('vi-VN').format(Math.round(limits.maxInflatedBytes / (1024 * 1024)))} MB`,
    entries: new Intl.NumberFormat('vi-VN').format(limits.maxEntries),
  };
}

/** The refusal of an archive problem, in Vietnamese, naming the limit: HTTP status, code, message and the file field's message. */
export function archiveRefusal(
  problem: ArchiveProblem,
  limits: ArchiveLimits = IMPORT_ARCHIVE_LIMITS,
): { status: 413 | 415; code: string; message: string; field: string } {
  const limit = limitText(limits);
  switch (problem.kind) {
    case 'too-many-entries':
      return {
        status: 413,
        code: 'WORKBOOK_TOO_LARGE',
        message: `Tệp bảng tính vượt giới hạn ${limit.entries} phần bên trong tệp .xlsx; chưa có gì được lưu.`,
        field: `Tệp .xlsx có ${new Intl.NumberFormat('vi-VN').format(problem.entries)} phần bên trong, vượt giới hạn ${limit.entries} phần; chưa có gì được lưu. Hãy lưu lại bảng tính bằng Excel rồi nhập lại.`,
      };
    case 'too-large':
      return {
        status: 413,
        code: 'WORKBOOK_TOO_LARGE',
        message: `Tệp bảng tính vượt giới hạn ${limit.bytes} khi giải nén; chưa có gì được lưu.`,
        field: `Tệp .xlsx khi giải nén vượt giới hạn ${limit.bytes}; chưa có gì được lưu. Hãy bỏ bớt hình ảnh và trang tính không cần thiết rồi nhập lại.`,
      };
    case 'unreadable':
      return {
        status: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: 'Tệp không phải bảng tính Excel (.xlsx).',
        field: 'Tệp nén bị hỏng hoặc không đọc được; hãy mở tệp bằng Excel, lưu lại dưới dạng .xlsx rồi nhập lại.',
      };
  }
}
