import { extname, join } from 'node:path';
import { renderInDocumentProcess } from '../common/document-process';
import type { ConsolidationView } from './consolidations.service';

/**
 * The consolidated report's files, each rendered in a process with a heap of its own
 * (common/document-process.ts): at national scale a DOCX takes ten times the heap the API or the
 * worker otherwise needs. The renderers themselves are report-docx.ts, report-xlsx.ts and report-pdf.ts.
 */
const rendererPath = (name: string) => join(__dirname, `${name}${extname(__filename)}`);

export function consolidationDocx(c: ConsolidationView, today: string): Promise<Buffer> {
  return renderInDocumentProcess(rendererPath('report-docx'), 'renderConsolidationDocx', [c, today]);
}

export function consolidationXlsx(c: ConsolidationView): Promise<Buffer> {
  return renderInDocumentProcess(rendererPath('report-xlsx'), 'renderConsolidationXlsx', [c]);
}

export function consolidationPdf(c: ConsolidationView, today: string, generatedAt: Date): Promise<Buffer> {
  return renderInDocumentProcess(rendererPath('report-pdf'), 'renderConsolidationPdf', [c, today, generatedAt]);
}
