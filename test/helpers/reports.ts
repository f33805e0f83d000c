import type { TestApp } from './app';

/**
 * An agency user (`auth`, an Authorization header) sends its report of the period: every task it
 * leads "on track" at `percent` with its work done, and an overall assessment. Answers the
 * report's id. Each step must answer 200.
 */
export async function sendLeadReport(t: TestApp, auth: string, periodId: string, percent: number): Promise<string> {
  const r = (await t.http().get(`/api/periods/${periodId}/my-report`).set('Authorization', auth).expect(200)).body as {
    id: string;
    version: number;
    tasks: { taskCode: string; role: string }[];
  };
  await t
    .http()
    .put(`/api/periods/${periodId}/my-report`)
    .set('Authorization', auth)
    .send({
      version: r.version,
      tasks: r.tasks
        .filter((x) => x.role === 'lead')
        .map((x) => ({ taskCode: x.taskCode, status: 'on_track', percentComplete: percent, workDone: 'Đang triển khai.' })),
      summary: { assessment: 'Cơ bản đạt tiến độ.' },
    })
    .expect(200);
  await t.http().post(`/api/periods/${periodId}/my-report/submit`).set('Authorization', auth).expect(200);
  return r.id;
}
