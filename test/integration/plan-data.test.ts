import { startTestApp, TestApp } from '../helpers/app';

/**
 * Issue #18 items 10–13: the seeded Cao Bằng plan says what the text says, and marks what it
 * had to infer. Quoted strings are copied from shared/reference/003_baa3eb21c9efeace.txt.
 */
const PLAN = 'CB-2026-2030';
const YEAR_INFERRED = 'Năm 2030 suy ra từ thời gian thực hiện Kế hoạch (2026–2030); văn bản không ghi năm.';
const LEAD_FROM_IV = 'Cơ quan chủ trì theo phân công tại mục IV (văn bản mục II không ghi); cán bộ tổng hợp có thể sửa.';
const WARDS = ['01273', '01279', '01288'];

interface TaskRow {
  code: string;
  title: string;
  kind: string;
  section: string;
  timeline_year: number | null;
  note: string | null;
  lead: string[];
  cooperating: string[];
}

describe('the Cao Bằng plan data as the text says (issue #18, items 10–13)', () => {
  let t: TestApp;
  let tasks: Map<string, TaskRow>;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-05-10T09:00:00+07:00' });
    const rows = await t.db.query<TaskRow[]>(
      `SELECT t.code, t.title, t.kind, s.code AS section, t.timeline_year, t.note,
              coalesce(array_agg(a.code ORDER BY a.code) FILTER (WHERE ta.role = 'lead'), '{}') AS lead,
              coalesce(array_agg(a.code ORDER BY a.code) FILTER (WHERE ta.role = 'cooperating'), '{}') AS cooperating
       FROM tasks t JOIN plans p ON p.id = t.plan_id JOIN plan_sections s ON s.id = t.section_id
       LEFT JOIN task_assignments ta ON ta.task_id = t.id LEFT JOIN agencies a ON a.id = ta.agency_id
       WHERE p.code = $1 GROUP BY t.id, s.code`,
      [PLAN],
    );
    tasks = new Map(rows.map((r) => [r.code, r]));
  });
  afterAll(() => t.close());

  const task = (code: string): TaskRow => {
    const row = tasks.get(code);
    if (!row) throw new Error(`no task ${code}`);
    return row;
  };

  async function planPage(): Promise<string> {
    const token = (await t.bearer('coordinator')).replace('Bearer ', '');
    return (await t.http().get(`/plans/${PLAN}`).set('Cookie', `cbr_sid=${token}`).expect(200)).text;
  }

  describe('item 10: inferred values are marked as inferred', () => {
    it('keeps 2030 on II.2.(4), II.2.(4).a and II.2.(4).b and says the year is inferred', () => {
      for (const code of ['II.2.(4)', 'II.2.(4).a', 'II.2.(4).b']) {
        expect(task(code).timeline_year).toBe(2030);
        expect(task(code).note).toContain(YEAR_INFERRED);
      }
      // A year the text states carries no such note (II.3.(3): "1.500 căn nhà ở xã hội vào năm 2030").
      expect(task('II.3.(3)').timeline_year).toBe(2030);
      expect(task('II.3.(3)').note).not.toContain(YEAR_INFERRED);
    });

    it('keeps the 2030 targets of NHUA-DT and NHUA-DX and says the year is inferred', async () => {
      const rows = await t.db.query<{ code: string; year: number; value: string; note: string | null }[]>(
        `SELECT i.code, x.year, trim_scale(x.value)::text AS value, x.note FROM indicator_targets x JOIN indicators i ON i.id = x.indicator_id
         JOIN plans p ON p.id = i.plan_id WHERE p.code = $1 AND i.code IN ('NHUA-DT', 'NHUA-DX', 'NOXH') ORDER BY i.code`,
        [PLAN],
      );
      expect(rows).toEqual([
        { code: 'NHUA-DT', year: 2030, value: '100', note: YEAR_INFERRED },
        { code: 'NHUA-DX', year: 2030, value: '85', note: YEAR_INFERRED },
        { code: 'NOXH', year: 2030, value: '1500', note: 'Chỉ tiêu Chính phủ giao' },
      ]);
    });

    it('says on every section II task whose lead section IV gives that its lead is inferred and may be corrected', () => {
      const sectionII = [...tasks.values()].filter((r) => r.code.startsWith('II.'));
      expect(sectionII.length).toBeGreaterThan(40);
      const withoutNote = sectionII.filter((r) => !r.note?.includes(LEAD_FROM_IV)).map((r) => r.code);
      // Land clearance goes by sections III.3 and IV.10, and its note says so instead.
      expect(withoutNote.sort()).toEqual(['II.3.(1).a', 'II.3.(1).b']);
      for (const r of sectionII) expect(r.lead.length).toBeGreaterThan(0);
      // Section IV's duties are the text's own assignments: no such note.
      expect(task('IV.4').note).not.toContain(LEAD_FROM_IV);
    });

    it('gives the land clearance of II.3.(1).a/b to the communes (wards) with SNNMT advising, as the text says', () => {
      for (const code of ['II.3.(1).a', 'II.3.(1).b']) {
        const r = task(code);
        expect(r.lead).toEqual(WARDS);
        expect(r.lead).not.toContain('SNNMT');
        expect(r.cooperating).toEqual(['SCT', 'SNNMT']);
        expect(r.note).toContain('“Các chủ đầu tư chủ động, phối hợp với UBND cấp xã…” (Mục III.3)');
        expect(r.note).toContain('“tham gia thực hiện giải phóng mặt bằng” (Mục IV.10)');
        expect(r.note).toContain(
          '“tham mưu UBND tỉnh giải quyết các vướng mắc về chuyển mục đích sử dụng đất, công tác thu hồi đất, bồi thường, hỗ trợ, tái định cư” (Mục IV.6)',
        );
        expect(r.note).toContain('cán bộ tổng hợp có thể sửa');
      }
    });

    it('shows the notes on the plan page', async () => {
      const html = await planPage();
      expect(html).toContain(`<b>Ghi chú:</b> ${LEAD_FROM_IV}`);
      expect(html).toContain(YEAR_INFERRED);
      expect(html).toContain('Nhà đầu tư không phải cơ quan báo cáo trong hệ thống');
      // The indicator table gives the target's note beside it.
      expect(html).toMatch(/Năm 2030: tối thiểu 85 %\s*<span class="muted target-note">\(Năm 2030 suy ra/);
    });
  });

  describe('item 11: the title of II.3.(2).c is the text’s', () => {
    it('is transcribed verbatim, typos included, and the note gives the reading', () => {
      // Copied from section II.3.(2), third bullet (its full stop left out, as every title).
      expect(task('II.3.(2).c').title).toBe(
        'Đối với các dự án chưa được bố trí vốn: Các cơ quan được giao chủ trì cần chủ động nghiên cứu, đề xuất phương án bố trí vốn. Công tác chuẩn bị đầu tư cần được thực hiện chủ động, sẵn sàng đề khi cân đối được nguồn lực sẽ tổ chức triển khai ngay, phân đấu hoàn thành các dự án vào năm 2030 nhằm hoàn thiện hệ thống kết cấu hạ tầng đô thị bền vững',
      );
      expect(task('II.3.(2).c').note).toContain('“sẵn sàng đề khi” đọc là “sẵn sàng để khi”, “phân đấu” đọc là “phấn đấu”');
    });
  });

  describe('item 12: every body of section IV has its duty as a task', () => {
    it('seeds the IV.4 publicity duty of SVHTTDL with its text, in section IV', () => {
      const r = task('IV.4');
      expect(r).toMatchObject({ section: 'IV', kind: 'task', lead: ['SVHTTDL'], cooperating: [] });
      expect(r.title).toBe(
        'Chủ trì tham mưu, tổ chức công tác thông tin, tuyên truyền, vận động Nhân dân ủng hộ chủ trương, chính sách của Đảng và Nhà nước trong triển khai các chương trình, dự án phát triển kết cấu hạ tầng, đặc biệt là các dự án có yêu cầu giải phóng mặt bằng, bồi thường, hỗ trợ và tái định cư',
      );
    });

    it('makes every section IV body and every commune and ward lead at least one reportable task; the recipient none', async () => {
      const rows = await t.db.query<{ code: string; kind: string; leads: number }[]>(
        `SELECT a.code, a.kind, count(t.id) FILTER (WHERE t.kind <> 'group')::int AS leads
         FROM agencies a LEFT JOIN task_assignments ta ON ta.agency_id = a.id AND ta.role = 'lead'
         LEFT JOIN tasks t ON t.id = ta.task_id AND t.plan_id = (SELECT id FROM plans WHERE code = $1)
         GROUP BY a.code, a.kind`,
        [PLAN],
      );
      const idle = rows.filter((r) => r.kind !== 'province' && r.leads === 0).map((r) => r.code);
      expect(idle).toEqual([]);
      const departments = rows.filter((r) => r.kind === 'department').map((r) => r.code);
      expect(departments.sort()).toEqual(['BCHQS', 'BQLKKT', 'SCT', 'SKHCN', 'SNNMT', 'STC', 'SVHTTDL', 'SXD']);
      expect(rows.find((r) => r.code === 'UBNDT')!.leads).toBe(0);
      // Each body's duties of IV.3–IV.9 are led by that body.
      const byDuty: Record<string, string> = {
        'IV.3': 'STC',
        'IV.5': 'SKHCN',
        'IV.6': 'SNNMT',
        'IV.7': 'BCHQS',
        'IV.8': 'SCT',
        'IV.9': 'BQLKKT',
      };
      for (const [prefix, agency] of Object.entries(byDuty)) {
        const duties = [...tasks.values()].filter((r) => r.code === prefix || r.code.startsWith(`${prefix}.`));
        expect(duties.length).toBeGreaterThan(0);
        for (const d of duties) expect(d.lead).toEqual([agency]);
      }
    });

    it('puts the IV.4 duty on SVHTTDL’s half-year report as a task it leads', async () => {
      const auth = await t.bearer('svhttdl');
      const coordinator = await t.bearer('coordinator');
      const periods = (await t.http().get(`/api/plans/${PLAN}/periods`).set('Authorization', coordinator)).body as {
        id: string;
        kind: string;
        year: number;
      }[];
      const period = periods.find((p) => p.kind === 'semiannual' && p.year === 2026)!;
      const report = (await t.http().get(`/api/periods/${period.id}/my-report`).set('Authorization', auth).expect(200)).body as {
        tasks: { taskCode: string; role: string }[];
      };
      expect(report.tasks.filter((x) => x.role === 'lead').map((x) => x.taskCode)).toEqual(['IV.4']);
    });

    it('shows section IV and its tasks on the plan page, with no row in the capital table', async () => {
      const html = await planPage();
      expect(html).toContain('<section id="IV" class="section">');
      expect(html).toMatch(
        /<span class="code">IV\.4<\/span> <span class="title">Chủ trì tham mưu, tổ chức công tác thông tin, tuyên truyền/,
      );
      expect(html).toContain('Kế hoạch không nêu nhu cầu vốn cho mục này.');
      const table = html.slice(html.indexOf('<table class="capital">'), html.indexOf('</table>', html.indexOf('<table class="capital">')));
      expect(table).not.toContain('href="#IV"');
      expect(table.match(/<a href="#PL0\d">/g)).toHaveLength(3);
    });
  });

  describe('item 13: capital figures keep the text’s precision', () => {
    it('stores the text’s figures exactly', async () => {
      const rows = await t.db.query<{ code: string; total: string; state: string; non_state: string }[]>(
        `SELECT s.code, s.capital_total::text AS total, s.capital_state_budget::text AS state, s.capital_non_state_budget::text AS non_state
         FROM plan_sections s JOIN plans p ON p.id = s.plan_id WHERE p.code = $1 ORDER BY s.position`,
        [PLAN],
      );
      expect(rows).toEqual([
        { code: 'PL01', total: '78162.800', state: '64571.200', non_state: '13591.600' },
        { code: 'PL02', total: '14765.100', state: '10276.000', non_state: '4489.100' },
        { code: 'PL03', total: '315.200', state: '315.200', non_state: '0.000' },
        { code: 'IV', total: '0.000', state: '0.000', non_state: '0.000' },
      ]);
    });

    it('shows one decimal as the text does ("10.276,0", "0,0") and the structure row "Tỷ lệ 80,61% / 19,39%" under the NSNN and ngoài NS columns, as the text', async () => {
      const html = await planPage();
      const table = html.slice(html.indexOf('<table class="capital">'), html.indexOf('</table>', html.indexOf('<table class="capital">')));
      const cells = (row: string) => [...row.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) => m[1].replace(/<[^>]+>/g, '').trim());
      const rows = [...table.matchAll(/<tr[^>]*>(.*?)<\/tr>/gs)].map((m) => cells(m[1])).filter((c) => c.length);
      // The text's table of section III.2, row by row.
      expect(rows).toEqual([
        ['', 'TỔNG CỘNG', '93.243,1', '75.162,4', '18.080,7'],
        ['1', 'Giao thông (PL01)', '78.162,8', '64.571,2', '13.591,6'],
        ['2', 'Đô thị và môi trường (PL02)', '14.765,1', '10.276,0', '4.489,1'],
        ['3', 'Quy hoạch đô thị và nông thôn (PL03)', '315,2', '315,2', '0,0'],
        ['', 'Tỷ lệ', '', '80,61%', '19,39%'],
      ]);
      // The shares are the text's: state budget and non-state budget over the total, computed exactly.
      const share = (part: bigint, whole: bigint) => {
        const hundredths = (part * 10000n + whole / 2n) / whole;
        return `${hundredths / 100n},${(hundredths % 100n).toString().padStart(2, '0')}%`;
      };
      expect([share(751624n, 932431n), share(180807n, 932431n)]).toEqual(['80,61%', '19,39%']);
      expect(html).toContain('Nhu cầu vốn: <strong>14.765,1 tỷ đồng</strong> (NSNN 10.276,0; ngoài NS 4.489,1)');
      expect(html).toContain('Nhu cầu vốn: <strong>315,2 tỷ đồng</strong> (NSNN 315,2; ngoài NS 0,0)');
    });
  });
});
