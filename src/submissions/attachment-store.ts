import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
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
    await mkdir(dirname(path), { recursive: true });
    // Write then rename, so a reader never sees half a file.
    const tmp = `${path}.${process.pid}.tmp`;
    await writeFile(tmp, bytes);
    await rename(tmp, path);
    return { key, sha256, size: bytes.length };
  }

  get(key: string): Promise<Buffer> {
    if (!/^[0-9a-f]{2}[/\\][0-9a-f]{64}$/.test(key)) throw new Error('bad attachment key');
    return readFile(join(this.root, key));
  }
}
