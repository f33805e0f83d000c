import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Opens a document in LibreOffice (headless, its own profile) and converts it, e.g. DOCX to
 * "pdf" or "txt:Text", XLSX to "pdf" or "csv". Rejects when LibreOffice cannot read it.
 */
export async function convertWithLibreOffice(bytes: Buffer, ext: 'docx' | 'xlsx', to: string): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'cbr-office-'));
  try {
    const input = join(dir, `report.${ext}`);
    await writeFile(input, bytes);
    await run(
      'soffice',
      [
        '--headless',
        '--norestore',
        `-env:UserInstallation=file://${join(dir, 'profile')}`,
        '--convert-to',
        to,
        '--outdir',
        join(dir, 'out'),
        input,
      ],
      {
        timeout: 180_000,
      },
    );
    const outExt = to.split(':')[0];
    return await readFile(join(dir, 'out', `report.${outExt}`));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
