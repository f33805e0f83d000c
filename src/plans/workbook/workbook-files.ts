import { extname, join } from 'node:path';
import { renderInDocumentProcess, runInDocumentProcess } from '../../common/document-process';
import type { PlanDocument } from './plan-document';
import type { KnownAgency, WorkbookReadResult } from './workbook-read';

/**
 * A plan's workbook written and read in a document process (common/document-process.ts): ExcelJS
 * holds a whole workbook in memory, many times its size, and a national plan's is far beyond the
 * heap the API and the worker run with. The code itself is workbook-write.ts and workbook-read.ts.
 */
const modulePath = (name: string) => join(__dirname, `${name}${extname(__filename)}`);

/** The plan's workbook (null: the blank template to fill in). */
export function planWorkbook(doc: PlanDocument | null): Promise<Buffer> {
  return renderInDocumentProcess(modulePath('workbook-write'), 'writePlanWorkbook', [doc]);
}

/** readPlanWorkbook in a document process, its progress reported here. */
export function readPlanWorkbookApart(
  buffer: Buffer,
  known: KnownAgency[],
  progress: (fraction: number) => Promise<void> | void,
): Promise<WorkbookReadResult> {
  return runInDocumentProcess<WorkbookReadResult>(modulePath('workbook-read'), 'readPlanWorkbook', [buffer, known], progress);
}
