import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { AppError } from '../common/errors';
import { dirname, join, resolve } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

export interface StoredFile {
  key: string;
  sha256: string;
  size: number;
}

/**
 * Where attachment bytes live: ATTACHMENTS_DIR, one file per content (named by its SHA-256), so
 * the same file sent twice is stored once. Several API nodes need this directory shared.
 */
@Injectable()
export class AttachmentStore {
  private readonly root: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.root = resolve(config.attachmentsDir);
  }

  async put(bytes: Buffer): Promise<StoredFile> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const key = join(sha256.slice(0, 2), sha256);
    const path = join(this.root, key);
    // Write then rename, so a reader never sees half a file.
    const tmp = `${path}.${process.pid}.tmp`;
    try {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(tmp, bytes);
      await rename(tmp, path);
    } catch (error) {
      await unlink(tmp).catch(() => undefined);
      const code = (error as NodeJS.ErrnoException).code;
      // A full or read-only disk is the server's state, not the user's input: say so, retryably.
      if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'EROFS') {
        throw new AppError(
          503,
          'STORAGE_FULL',
          'Máy chủ tạm thời không lưu được tệp đính kèm (hết dung lượng). Báo cáo vẫn được lưu; hãy đính kèm lại sau hoặc báo quản trị viên.',
        ).withRetryAfter(300);
      }
      throw error;
    }
    return { key, sha256, size: bytes.length };
  }

  get(key: string): Promise<Buffer> {
    if (!/^[0-9a-f]{2}[/\\][0-9a-f]{64}$/.test(key)) throw new Error('bad attachment key');
    return readFile(join(this.root, key));
  }
}
