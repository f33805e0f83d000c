import { missingForDocument, missingForSubmission } from './report-completeness';

const lead = { role: 'lead' as const, status: null, percentComplete: null, workDone: null, difficulties: null, difficultyKind: null };

describe('missingForSubmission', () => {
  it('names every missing field of a lead task and the assessment', () => {
    expect(missingForSubmission({ tasks: [lead], summary: { assessment: null } }).map((e) => e.path)).toEqual([
      'tasks.0.status',
      'tasks.0.percentComplete',
      'tasks.0.workDone',
      'summary.assessment',
    ]);
  });

  it('needs no work done for a task not started, and nothing of a cooperating task but a difficulty kind', () => {
    const notStarted = { ...lead, status: 'not_started', percentComplete: 0 };
    const coop = { ...lead, role: 'cooperating' as const, difficulties: 'Thiếu vốn' };
    expect(missingForSubmission({ tasks: [notStarted, coop], summary: { assessment: 'Đạt' } }).map((e) => e.path)).toEqual([
      'tasks.1.difficultyKind',
    ]);
  });

  it('accepts a complete report', () => {
    const done = { ...lead, status: 'on_track', percentComplete: 40, workDone: 'Đã khởi công' };
    expect(missingForSubmission({ tasks: [done], summary: { assessment: 'Cơ bản đạt' } })).toEqual([]);
  });
});

describe('missingForDocument', () => {
  it('needs the letter number, its summary and at least one attached file', () => {
    expect(missingForDocument({ officialLetter: null, summary: { assessment: null }, attachments: [] })).toEqual([
      { path: 'officialLetter.number', message: 'Chưa nhập số, ký hiệu văn bản (ví dụ "125-CTr/ĐU").' },
      { path: 'summary.assessment', message: 'Chưa nhập trích yếu nội dung văn bản.' },
      { path: 'attachments', message: 'Chưa đính kèm văn bản đã ký (tệp PDF, ảnh, Word hoặc Excel).' },
    ]);
    expect(
      missingForDocument({ officialLetter: { number: '12-CTr/ĐU' }, summary: { assessment: 'Chương trình hành động' }, attachments: [{}] }),
    ).toEqual([]);
  });
});
