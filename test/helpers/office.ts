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

/** A PDF's text as poppler's pdftotext lays it out (-layout keeps a printed line on one line), one string per page. */
export async function pdfPages(pdf: Buffer): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'cbr-pdf-'));
  try {
    const input = join(dir, 'in.pdf');
    await writeFile(input, pdf);
    const { stdout } = await run('pdftotext', ['-layout', '-enc', 'UTF-8', input, '-'], { maxBuffer: 64 * 1024 * 1024 });
    const pages = stdout.normalize('NFC').split('\f');
    return pages[pages.length - 1].trim() === '' ? pages.slice(0, -1) : pages;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** One part of an OOXML package (a DOCX's "word/document.xml"), as text. */
export async function packagePart(bytes: Buffer, part: string): Promise<string> {
  const { default: JSZip } = await import('jszip');
  const zip = await JSZip.loadAsync(bytes);
  const file = zip.file(part);
  if (!file) throw new Error(`no ${part} in the package`);
  return file.async('string');
}
