import { extname, join } from 'node:path';
import { renderInThread } from '../common/render-thread';
import type { ConsolidationView } from './consolidations.service';

/**
 * The consolidated report's files, each rendered in a thread with a heap of its own
 * (common/render-thread.ts): at national scale a DOCX takes ten times the heap the process
 * otherwise needs. The renderers themselves are report-docx.ts, report-xlsx.ts and report-pdf.ts.
 */
const rendererPath = (name: string) => join(__dirname, `${name}${extname(__filename)}`);

export function consolidationDocx(c: ConsolidationView, today: string): Promise<Buffer> {
  return renderInThread(rendererPath('report-docx'), 'renderConsolidationDocx', [c, today]);
}

export function consolidationXlsx(c: ConsolidationView): Promise<Buffer> {
  return renderInThread(rendererPath('report-xlsx'), 'renderConsolidationXlsx', [c]);
}

export function consolidationPdf(c: ConsolidationView, today: string, generatedAt: Date): Promise<Buffer> {
  return renderInThread(rendererPath('report-pdf'), 'renderConsolidationPdf', [c, today, generatedAt]);
}
