/**
 * The Cao Bằng plan "Triển khai thực hiện nội dung đột phá về phát triển kết cấu hạ tầng giao
 * thông, đô thị và môi trường trên địa bàn tỉnh Cao Bằng giai đoạn 2026-2030", transcribed from
 * the text (shared/reference/003_baa3eb21c9efeace.txt).
 *
 * Task codes are the numbering path of the text; unnumbered bullets are lettered a, b, c in
 * order. Sections: II.1 -> PL03 (Phụ lục 03), II.2 -> PL01, II.3 -> PL02; section IV's duties of
 * each body (IV.3–IV.9) -> the section "IV", which the text's capital table has no row for.
 * Titles are the text's words, verbatim (a heading's trailing year or full stop left out).
 *
 * Assignments: the appendices that list each project's lead agency are not part of the text we
 * have, and section II names no lead agency. Every section II task's lead comes from the field
 * section IV gives each body (SXD, the coordinator, transport, urban infrastructure and planning;
 * STC capital and investors; the communes and wards their own plans and roads), and its `note`
 * says so, in words a coordinator reads before correcting it. II.3.(1).a/b (land clearance) go
 * by sections III.3 and IV.10 instead. Cooperating agencies follow the same fields (SNNMT land and
 * environment, STC capital and investors, BCHQS border and defence areas, BQLKKT border gates,
 * SCT materials and power, SKHCN data). Section IV's own duties are tasks of the body they name.
 * Not tasks: IV.1 (each agency's implementation plan before 10/4/2026: the one-off report kind),
 * IV.2 (the coordinator's duties: its section II tasks and the consolidation itself) and IV.10
 * (the communes' and wards': their section II tasks).
 *
 * Values the text does not state are kept where the model needs one and the note says they are
 * inferred (the year 2030 of II.2.(4) and its indicators: the plan's last year).
 *
 * Agency references: a code from agencies.csv, or '@communes' (the 53 xã), '@wards' (the 3
 * phường), '@local' (all 56 xã and phường).
 */
import type { Aggregation } from '../../src/plans/indicator.entity';
import type { Comparator } from '../../src/plans/indicator-target.entity';
import type { PlanIdentitySettings } from '../../src/plans/plan-identity';
import type { TaskKind } from '../../src/plans/task.entity';
import type { TimelineKind } from '../../src/plans/timeline';
import type { DataWindowRule, DateRule, Frequency } from '../../src/reporting/regime.types';

export interface SeedTimeline {
  kind: TimelineKind;
  year?: number;
  endYear?: number;
  date?: string;
  text?: string;
}

export interface SeedTask {
  code: string;
  title: string;
  kind: TaskKind;
  timeline?: SeedTimeline;
  milestones?: { title: string; timeline: SeedTimeline }[];
  lead: string[];
  cooperating?: string[];
  note?: string;
  children?: SeedTask[];
}

export interface SeedSection {
  code: string;
  title: string;
  capitalTotal: string;
  capitalStateBudget: string;
  capitalNonStateBudget: string;
  /** The task subtree of section II that this appendix details (section IV: its duties of each body). */
  tasks: SeedTask[];
}

export interface SeedIndicator {
  code: string;
  name: string;
  unit: string;
  aggregation: Aggregation;
  /** What the report form asks each owner (count_yes: a yes/no question about the agency itself). */
  question?: string;
  owners: string[];
  taskCode?: string;
  targets: { year: number; comparator: Comparator; value: string; note?: string }[];
}

export interface SeedReportKind {
  code: string;
  name: string;
  frequency: Frequency;
  slots: number[];
  periodLabel: string;
  opensRule?: DateRule;
  dueRule?: DateRule;
  dataWindow?: DataWindowRule;
  consolidationDueRule?: DateRule;
  fixedDueDate?: string;
  namedDayCounts: boolean;
  owedBy: 'listed' | 'task_agencies';
  agencies: string[];
}

/** Every section II task's lead: the text names none there (see the header). */
const LEAD_FROM_IV = 'Cơ quan chủ trì theo phân công tại mục IV (văn bản mục II không ghi); cán bộ tổng hợp có thể sửa.';
/** A year the text does not state, kept as the plan's last year. */
const YEAR_INFERRED = 'Năm 2030 suy ra từ thời gian thực hiện Kế hoạch (2026–2030); văn bản không ghi năm.';
/** An "ongoing" timeline the text does not state. */
const ONGOING_INFERRED = 'Thời gian “thường xuyên” suy ra; văn bản không ghi thời hạn.';
/** Why SXD leads a task no other body's field covers. */
const SXD_COORDINATES =
  'Sở Xây dựng chủ trì tham mưu, giúp UBND tỉnh theo dõi, đôn đốc, tổ chức triển khai thực hiện các nhiệm vụ, giải pháp về hạ tầng giao thông, hạ tầng đô thị và các lĩnh vực xây dựng theo Kế hoạch (Mục IV.2).';
const SXD_TRANSPORT = 'Sở Xây dựng chủ trì triển khai các dự án đầu tư xây dựng kết cấu hạ tầng giao thông (Mục IV.2).';

/** A task's note: its sentences in order. */
const note = (...sentences: string[]): string => sentences.join(' ');

export const PLAN = {
  code: 'CB-2026-2030',
  title:
    'Kế hoạch triển khai thực hiện nội dung đột phá về phát triển kết cấu hạ tầng giao thông, đô thị và môi trường trên địa bàn tỉnh Cao Bằng giai đoạn 2026-2030',
  issuingBody: 'Ủy ban nhân dân tỉnh Cao Bằng',
  legalBasis:
    'Kế hoạch số 32-KH/TU ngày 28 tháng 11 năm 2025 của Tỉnh ủy Cao Bằng về thực hiện nội dung đột phá về phát triển kết cấu hạ tầng giao thông, đô thị và môi trường trên địa bàn tỉnh Cao Bằng giai đoạn 2025-2030',
  startYear: 2026,
  endYear: 2030,
  coordinatingAgency: 'SXD',
  recipientAgency: 'UBNDT',
  /** Who speaks for the plan: the department's consolidated report, signed by a deputy director. */
  identity: {
    jurisdiction: 'Cao Bằng',
    bodyKind: 'state',
    letterheadParent: 'UBND TỈNH CAO BẰNG',
    numberSymbol: 'BC-SXD',
    placeName: 'Cao Bằng',
    signerAuthority: 'KT. GIÁM ĐỐC',
    signerTitle: 'PHÓ GIÁM ĐỐC',
    signerName: null,
    storageLine: 'Lưu: VT, QLXD',
    senderName: 'Sở Xây dựng tỉnh Cao Bằng',
    senderEmail: null,
  } satisfies PlanIdentitySettings,
};

const II1: SeedTask = {
  code: 'II.1',
  title: 'Hoàn thiện quy hoạch đô thị và nông thôn',
  kind: 'group',
  lead: ['SXD'],
  note: note(
    'Hoàn thiện toàn bộ hệ thống quy hoạch đô thị và nông thôn, quy chế quản lý kiến trúc theo địa giới hành chính mới. Chi tiết tại Phụ lục 03.',
    LEAD_FROM_IV,
    'Sở Xây dựng chủ trì rà soát, tham mưu điều chỉnh, bổ sung các quy hoạch; hướng dẫn UBND các xã, phường tổ chức lập quy hoạch (Mục IV.2).',
  ),
  children: [
    {
      code: 'II.1.(1)',
      title: 'Hoàn thành quy hoạch chung đô thị Cao Bằng, tỉnh Cao Bằng',
      kind: 'planning',
      timeline: { kind: 'year', year: 2026 },
      lead: ['SXD'],
      cooperating: ['@wards'],
      note: note(
        LEAD_FROM_IV,
        'Sở Xây dựng chủ trì rà soát, tham mưu điều chỉnh, bổ sung các quy hoạch đô thị và tổ chức thẩm định quy hoạch đô thị (Mục IV.2).',
      ),
    },
    {
      code: 'II.1.(2)',
      title: 'Hoàn thành quy hoạch chung 53 xã',
      kind: 'planning',
      timeline: { kind: 'year', year: 2026 },
      lead: ['@communes'],
      cooperating: ['SXD'],
      note: note(
        LEAD_FROM_IV,
        'Mục IV.2 giao Sở Xây dựng hướng dẫn UBND các xã, phường tổ chức lập quy hoạch chung: mỗi xã chủ trì quy hoạch chung của xã mình; Sở Xây dựng hướng dẫn, thẩm định.',
      ),
    },
    {
      code: 'II.1.(3)',
      title: 'Hoàn thành quy hoạch phân khu 03 phường',
      kind: 'planning',
      timeline: { kind: 'year', year: 2027 },
      lead: ['@wards'],
      cooperating: ['SXD'],
      note: note(
        LEAD_FROM_IV,
        'Mục IV.2 giao Sở Xây dựng hướng dẫn UBND các xã, phường tổ chức lập quy hoạch phân khu: mỗi phường chủ trì quy hoạch phân khu của phường mình.',
      ),
    },
    {
      code: 'II.1.(4)',
      title: 'Hoàn thành quy hoạch chi tiết khu trung tâm 53 xã',
      kind: 'planning',
      timeline: { kind: 'year', year: 2027 },
      lead: ['@communes'],
      cooperating: ['SXD'],
      note: note(
        LEAD_FROM_IV,
        'Mục IV.2 giao Sở Xây dựng hướng dẫn UBND các xã, phường tổ chức lập quy hoạch chi tiết: mỗi xã chủ trì quy hoạch chi tiết khu trung tâm của xã mình.',
      ),
    },
    {
      code: 'II.1.(5)',
      title: 'Hoàn thành quy chế quản lý kiến trúc 56 xã, phường',
      kind: 'planning',
      timeline: { kind: 'year', year: 2028 },
      lead: ['@local'],
      cooperating: ['SXD'],
      note: note(
        LEAD_FROM_IV,
        'Mục IV.2 giao Sở Xây dựng hướng dẫn UBND các xã, phường tổ chức lập quy chế quản lý kiến trúc: mỗi xã, phường chủ trì quy chế của địa phương mình.',
      ),
    },
    {
      code: 'II.1.(6)',
      title: 'Công khai, minh bạch thông tin quy hoạch; ứng dụng chuyển đổi số trong quản lý quy hoạch',
      kind: 'task',
      timeline: { kind: 'ongoing', text: 'Ngay sau khi các quy hoạch được phê duyệt' },
      lead: ['SXD'],
      cooperating: ['SKHCN', '@local'],
      note: note(
        LEAD_FROM_IV,
        'Sở Xây dựng triển khai các nhiệm vụ về chuyển đổi số (Mục IV.2); Sở Khoa học và Công nghệ phối hợp về cơ sở dữ liệu (Mục IV.5).',
      ),
    },
  ],
};

const TRANSPORT_COOP = ['SNNMT', 'STC'];
const BORDER_COOP = ['SNNMT', 'STC', 'BQLKKT', 'BCHQS'];
const TRANSPORT_NOTE = note(LEAD_FROM_IV, SXD_TRANSPORT);

function project(code: string, title: string, cooperating: string[] = TRANSPORT_COOP): SeedTask {
  return { code, title, kind: 'project', lead: ['SXD'], cooperating, note: TRANSPORT_NOTE };
}

const II2: SeedTask = {
  code: 'II.2',
  title: 'Nhiệm vụ phát triển kết cấu hạ tầng giao thông',
  kind: 'group',
  lead: ['SXD'],
  note: note(
    'Chi tiết về nội dung công việc, cơ quan chủ trì/phối hợp và thời gian thực hiện tại Phụ lục 01.',
    LEAD_FROM_IV,
    SXD_TRANSPORT,
  ),
  children: [
    {
      code: 'II.2.(1)',
      title: 'Hoàn thành tuyến đường bộ cao tốc Đồng Đăng (tỉnh Lạng Sơn) - Trà Lĩnh (tỉnh Cao Bằng) và cao tốc Bắc Kạn - Cao Bằng',
      kind: 'group',
      timeline: { kind: 'year', year: 2028 },
      lead: ['SXD'],
      cooperating: TRANSPORT_COOP,
      note: note(
        LEAD_FROM_IV,
        'Sở Xây dựng phối hợp với các bộ, ngành Trung ương về các dự án giao thông quan trọng (đường cao tốc) và chủ trì triển khai các dự án hạ tầng giao thông (Mục IV.2).',
      ),
      children: [
        {
          code: 'II.2.(1).a',
          title: 'Tuyến đường bộ cao tốc Đồng Đăng - Trà Lĩnh',
          kind: 'project',
          timeline: { kind: 'year', year: 2028, text: 'Giai đoạn 1: dịp 19/5/2026; giai đoạn 2: hoàn thành năm 2027, vận hành năm 2028' },
          milestones: [
            { title: 'Hoàn thành dự án giai đoạn 1', timeline: { kind: 'date', date: '2026-05-19', text: 'Vào dịp 19/5/2026' } },
            { title: 'Đưa giai đoạn 1 vào vận hành khai thác', timeline: { kind: 'year', year: 2026 } },
            { title: 'Hoàn thành giai đoạn 2 của dự án', timeline: { kind: 'year', year: 2027 } },
            { title: 'Đưa giai đoạn 2 vào vận hành khai thác', timeline: { kind: 'year', year: 2028 } },
          ],
          lead: ['SXD'],
          cooperating: [...BORDER_COOP, 'SCT'],
          note: TRANSPORT_NOTE,
        },
        {
          code: 'II.2.(1).b',
          title: 'Tuyến đường bộ cao tốc Bắc Kạn - Cao Bằng',
          kind: 'project',
          timeline: { kind: 'year', year: 2028 },
          milestones: [
            {
              title: 'Hoàn thành công tác chuẩn bị đầu tư và khởi công xây dựng',
              timeline: { kind: 'early_year', year: 2026, text: 'Đầu năm 2026' },
            },
            { title: 'Hoàn thành dự án, đưa vào vận hành và khai thác', timeline: { kind: 'year', year: 2028 } },
          ],
          lead: ['SXD'],
          cooperating: [...TRANSPORT_COOP, 'SCT'],
          note: TRANSPORT_NOTE,
        },
      ],
    },
    {
      code: 'II.2.(2)',
      title:
        'Hoàn thành các tuyến kết nối cao tốc với cao tốc; nối cao tốc với trung tâm tỉnh, các cửa khẩu trọng điểm, các khu di tích quốc gia đặc biệt và Khu du lịch thác Bản Giốc (Việt Nam) - Đức Thiên (Trung Quốc); nâng lên tối thiểu 1 cấp kỹ thuật hoặc cải tạo, nâng cấp đối với đường đến các cửa khẩu song phương và các khu di tích Quốc gia đặc biệt',
      kind: 'group',
      lead: ['SXD'],
      cooperating: TRANSPORT_COOP,
      note: TRANSPORT_NOTE,
      children: [
        {
          code: 'II.2.(2).a',
          title: 'Hoàn thành các tuyến kết nối cao tốc với cao tốc, kết nối cao tốc với trung tâm tỉnh',
          kind: 'group',
          lead: ['SXD'],
          cooperating: TRANSPORT_COOP,
          note: TRANSPORT_NOTE,
          children: [
            project('II.2.(2).a.(i)', 'Đường giao thông kết nối cao tốc Bắc Kạn - Cao Bằng với cao tốc Đồng Đăng - Trà Lĩnh'),
            project('II.2.(2).a.(ii)', 'Nâng cấp Quốc lộ 34B, đoạn Cao Bằng - Đông Khê'),
          ],
        },
        {
          code: 'II.2.(2).b',
          title: 'Hoàn thành các tuyến kết nối cao tốc với các cửa khẩu trọng điểm của tỉnh',
          kind: 'group',
          lead: ['SXD'],
          cooperating: BORDER_COOP,
          note: TRANSPORT_NOTE,
          children: [
            project(
              'II.2.(2).b.(i)',
              'Đường giao thông kết nối nút giao Lũng Luông tuyến cao tốc Đồng Đăng - Trà Lĩnh đến cửa khẩu quốc tế Tà Lùng',
              BORDER_COOP,
            ),
            project(
              'II.2.(2).b.(ii)',
              'Cải tạo, nâng cấp đường tránh Khu du lịch Thác Bản Giốc đến cửa khẩu Lý Vạn, tỉnh Cao Bằng',
              BORDER_COOP,
            ),
            project(
              'II.2.(2).b.(iii)',
              'Cải tạo, nâng cấp Quốc lộ 4A, đoạn từ cao tốc Đồng Đăng (tỉnh Lạng Sơn) - Trà Lĩnh (tỉnh Cao Bằng) và cửa khẩu quốc tế Trà Lĩnh đến Khu di tích quốc gia đặc biệt Pác Bó và cửa khẩu Sóc Giang, tỉnh Cao Bằng',
              BORDER_COOP,
            ),
          ],
        },
        {
          code: 'II.2.(2).c',
          title:
            'Hoàn thành các tuyến kết nối cao tốc với các khu di tích quốc gia đặc biệt và Khu du lịch thác Bản Giốc; nâng lên tối thiểu 1 cấp kỹ thuật hoặc cải tạo, nâng cấp kết cấu đối với đường đến các cửa khẩu và các khu di tích Quốc gia đặc biệt',
          kind: 'group',
          lead: ['SXD'],
          cooperating: TRANSPORT_COOP,
          note: TRANSPORT_NOTE,
          children: [
            project(
              'II.2.(2).c.(i)',
              'Cải tạo, nâng cấp đường từ cao tốc Đồng Đăng (tỉnh Lạng Sơn) - Trà Lĩnh (tỉnh Cao Bằng) đến Khu du lịch Thác Bản Giốc',
            ),
            project(
              'II.2.(2).c.(ii)',
              'Nâng cấp Quốc lộ 34B, đoạn từ xã Đông Khê đến Khu Di tích quốc gia đặc biệt Địa điểm chiến thắng Biên giới năm 1950 và cửa khẩu Đức Long',
              BORDER_COOP,
            ),
            project(
              'II.2.(2).c.(iii)',
              'Nâng cấp Đường tỉnh 216, đoạn từ xã Nguyên Bình đến Khu di tích quốc gia đặc biệt Rừng Trần Hưng Đạo, xã Tam Kim',
            ),
            project('II.2.(2).c.(iv)', 'Nâng cấp Đường Hồ Chí Minh (đoạn Pác Bó - trung tâm tỉnh Cao Bằng)'),
          ],
        },
      ],
    },
    {
      code: 'II.2.(3)',
      title: 'Điều chỉnh quy hoạch sân bay Cao Bằng đạt tiêu chuẩn quốc tế và thu hút nhà đầu tư',
      kind: 'group',
      lead: ['SXD'],
      cooperating: ['SNNMT', 'STC', 'BCHQS'],
      note: note(LEAD_FROM_IV, 'Sở Xây dựng phối hợp với các bộ, ngành Trung ương về cảng hàng không (Mục IV.2).'),
      children: [
        {
          code: 'II.2.(3).a',
          title:
            'Tổ chức rà soát, lập hồ sơ đề nghị điều chỉnh quy hoạch Sân bay Cao Bằng đạt tiêu chuẩn cảng hàng không quốc tế trong giai đoạn 2021-2030; phối hợp với Bộ Xây dựng (theo phân cấp, ủy quyền) trong quá trình thẩm định, quyết định điều chỉnh quy hoạch theo quy định',
          kind: 'task',
          lead: ['SXD'],
          cooperating: ['SNNMT', 'BCHQS'],
          note: note(LEAD_FROM_IV, 'Sở Xây dựng tham mưu UBND tỉnh làm việc với Bộ Xây dựng về cảng hàng không (Mục IV.2).'),
        },
        {
          code: 'II.2.(3).b',
          title:
            'Chủ động chuẩn bị các điều kiện cần thiết để triển khai dự án sau khi quy hoạch được điều chỉnh, bảo đảm đồng bộ về quỹ đất, kết nối hạ tầng và các điều kiện liên quan',
          kind: 'task',
          lead: ['SXD'],
          cooperating: ['SNNMT', 'STC'],
          note: note(LEAD_FROM_IV, SXD_COORDINATES),
        },
        {
          code: 'II.2.(3).c',
          title: 'Tổ chức xúc tiến, thu hút nhà đầu tư thực hiện dự án trong giai đoạn tiếp theo theo quy định của pháp luật',
          kind: 'task',
          lead: ['STC'],
          cooperating: ['SXD'],
          note: note(LEAD_FROM_IV, 'Sở Tài chính tham mưu nâng cao hiệu quả thu hút các nhà đầu tư phát triển hạ tầng (Mục IV.3).'),
        },
      ],
    },
    {
      code: 'II.2.(4)',
      title:
        'Khắc phục triệt để các điểm tiềm ẩn tai nạn giao thông trên các tuyến Quốc lộ thuộc địa bàn tỉnh; nhựa hóa/bê tông hóa 100% chiều dài mặt đường đường tỉnh và tối thiểu 85% chiều dài mặt đường xã; cải tạo, nâng cấp và phát triển hoàn thiện hệ thống cầu vượt sông, suối trên địa bàn tỉnh',
      kind: 'group',
      timeline: { kind: 'year', year: 2030 },
      lead: ['SXD'],
      cooperating: ['STC'],
      note: note(
        LEAD_FROM_IV,
        'Sở Xây dựng chủ trì tham mưu các giải pháp phát triển giao thông nông thôn, nâng cấp, cải tạo, bảo trì hệ thống đường bộ và phối hợp đề xuất xử lý các điểm tiềm ẩn tai nạn giao thông (Mục IV.2).',
        YEAR_INFERRED,
      ),
      children: [
        project('II.2.(4).(i)', 'Xử lý các điểm tiềm ẩn tai nạn giao thông trên các tuyến Quốc lộ thuộc địa bàn tỉnh Cao Bằng'),
        project(
          'II.2.(4).(ii)',
          'Cải tạo, nâng cấp Quốc lộ 34 đoạn Bảo Lâm - Nguyên Bình và dự án Cải tạo, nâng cấp Quốc lộ 34 đoạn Mã Phục - cửa khẩu quốc tế Trà Lĩnh',
          BORDER_COOP,
        ),
        project('II.2.(4).(iii)', 'Cải tạo, nâng cấp một số tuyến đường tỉnh trọng yếu trên địa bàn tỉnh Cao Bằng'),
        {
          code: 'II.2.(4).a',
          title:
            'Xây dựng và tổ chức thực hiện hoàn thành Đề án kiên cố hóa đường xã, để thực hiện mục tiêu Nhựa hóa/bê tông hóa tối thiểu 85% chiều dài mặt đường xã',
          kind: 'scheme',
          timeline: { kind: 'year', year: 2030 },
          lead: ['SXD', '@communes'],
          cooperating: ['STC'],
          note: note(
            LEAD_FROM_IV,
            'Sở Xây dựng xây dựng Đề án (Mục IV.2: giao thông nông thôn); mỗi xã chủ trì kiên cố hóa đường xã trên địa bàn mình (Mục IV.10).',
            YEAR_INFERRED,
          ),
        },
        {
          code: 'II.2.(4).b',
          title:
            'Xây dựng và tổ chức thực hiện hoàn thành Đề án cải tạo, nâng cấp và phát triển hoàn thiện hệ thống cầu vượt sông, suối trên địa bàn tỉnh',
          kind: 'scheme',
          timeline: { kind: 'year', year: 2030 },
          lead: ['SXD'],
          cooperating: ['STC', '@local'],
          note: note(LEAD_FROM_IV, 'Sở Xây dựng chủ trì tham mưu các giải pháp phát triển giao thông (Mục IV.2).', YEAR_INFERRED),
        },
      ],
    },
    {
      code: 'II.2.(5)',
      title:
        'Củng cố và hoàn thiện hệ thống bến xe khách trên toàn tỉnh, đến các xã trung tâm vùng, đảm bảo kết nối các tuyến vận tải khách liên vùng',
      kind: 'group',
      lead: ['SXD'],
      cooperating: ['STC', 'SNNMT'],
      note: note(LEAD_FROM_IV, SXD_COORDINATES),
      children: [
        {
          code: 'II.2.(5).a',
          title:
            'Tổ chức rà soát, quy hoạch và đầu tư hoàn thiện hệ thống bến xe khách trên địa bàn tỉnh, ưu tiên tại các xã trung tâm vùng, các cửa khẩu quốc tế và các điểm phát triển du lịch; bảo đảm kết nối đồng bộ các tuyến vận tải hành khách liên vùng, đáp ứng nhu cầu đi lại của Nhân dân',
          kind: 'task',
          lead: ['SXD'],
          cooperating: ['SNNMT', 'BQLKKT'],
          note: note(LEAD_FROM_IV, SXD_COORDINATES),
        },
        {
          code: 'II.2.(5).b',
          title:
            'Xây dựng và triển khai các cơ chế, chính sách khuyến khích, thu hút đầu tư vào xây dựng, quản lý và khai thác bến xe khách theo quy định; từng bước nâng cao chất lượng dịch vụ vận tải hành khách công cộng',
          kind: 'task',
          lead: ['SXD'],
          cooperating: ['STC'],
          note: note(LEAD_FROM_IV, SXD_COORDINATES),
        },
        {
          code: 'II.2.(5).c',
          title:
            'Từng bước triển khai hệ thống điều hành bến xe khách thông minh và hệ thống vé điện tử, nâng cao hiệu quả quản lý, khai thác và hiện đại hóa hoạt động vận tải hành khách trên địa bàn tỉnh',
          kind: 'task',
          timeline: { kind: 'ongoing', text: 'Từng bước' },
          lead: ['SXD'],
          cooperating: ['SKHCN'],
          note: note(LEAD_FROM_IV, SXD_COORDINATES),
        },
      ],
    },
  ],
};

/**
 * Land clearance: the text gives it to the investors and the commune-level committees (III.3,
 * IV.10); SNNMT only advises on its obstacles (IV.6), SCT moves power works out of its way (IV.8).
 * An investor is not an agency of the system: the wards, where the urban development projects
 * lie, lead it.
 */
const LAND_CLEARANCE_NOTE = note(
  'Văn bản không ghi cơ quan chủ trì. Theo văn bản, chủ đầu tư và UBND cấp xã thực hiện giải phóng mặt bằng: “Các chủ đầu tư chủ động, phối hợp với UBND cấp xã…” (Mục III.3); UBND các xã, phường “tham gia thực hiện giải phóng mặt bằng” (Mục IV.10).',
  'Sở Nông nghiệp và Môi trường chỉ “tham mưu UBND tỉnh giải quyết các vướng mắc về chuyển mục đích sử dụng đất, công tác thu hồi đất, bồi thường, hỗ trợ, tái định cư” (Mục IV.6) nên là cơ quan phối hợp; Sở Công Thương xử lý việc di dời công trình điện trong phạm vi giải phóng mặt bằng (Mục IV.8).',
  'Nhà đầu tư không phải cơ quan báo cáo trong hệ thống: giao UBND các phường, nơi có các dự án phát triển đô thị, chủ trì (địa bàn suy ra, văn bản không ghi); cán bộ tổng hợp có thể sửa.',
);

const II3: SeedTask = {
  code: 'II.3',
  title: 'Nhiệm vụ phát triển hạ tầng đô thị và kỹ thuật môi trường',
  kind: 'group',
  lead: ['SXD'],
  note: note('Lộ trình chi tiết tại Phụ lục 02.', LEAD_FROM_IV, SXD_COORDINATES),
  children: [
    {
      code: 'II.3.(1)',
      title: 'Tập trung đầu tư xây dựng hoàn thiện các dự án phát triển đô thị',
      kind: 'group',
      lead: ['SXD'],
      cooperating: ['SNNMT', '@wards'],
      note: note(LEAD_FROM_IV, SXD_COORDINATES),
      children: [
        {
          code: 'II.3.(1).a',
          title:
            'Đẩy nhanh tối đa công tác bồi thường, giải phóng mặt bằng để bàn giao quỹ đất sạch cho nhà đầu tư triển khai thi công xây dựng; tập trung tháo gỡ dứt điểm các vướng mắc về cơ chế chính sách bồi thường đối với từng dự án cụ thể',
          kind: 'task',
          timeline: { kind: 'ongoing' },
          lead: ['@wards'],
          cooperating: ['SNNMT', 'SCT'],
          note: note(LAND_CLEARANCE_NOTE, ONGOING_INFERRED),
        },
        {
          code: 'II.3.(1).b',
          title:
            'Tập trung thực hiện giải phóng mặt bằng Dự án phát triển đô thị số 7A để đảm bảo điều kiện khởi công xây dựng trong năm 2026; chủ động thực hiện việc giải phóng mặt bằng đối với các dự án đã lựa chọn nhà đầu tư khác để có thể giao đất và khởi công xây dựng trong năm 2027',
          kind: 'task',
          timeline: { kind: 'year', year: 2027 },
          milestones: [
            { title: 'Dự án phát triển đô thị số 7A đủ điều kiện khởi công xây dựng', timeline: { kind: 'year', year: 2026 } },
            { title: 'Giao đất và khởi công xây dựng các dự án đã lựa chọn nhà đầu tư khác', timeline: { kind: 'year', year: 2027 } },
          ],
          lead: ['@wards'],
          cooperating: ['SNNMT', 'SCT'],
          note: LAND_CLEARANCE_NOTE,
        },
        {
          code: 'II.3.(1).c',
          title:
            'Chủ động hướng dẫn, hỗ trợ các nhà đầu tư thực hiện trình tự thủ tục đầu tư, giao đất, cho thuê đất và chuẩn bị đầu tư theo đúng quy định và lộ trình tại Phụ lục 02',
          kind: 'task',
          timeline: { kind: 'ongoing' },
          lead: ['SXD'],
          cooperating: ['STC', 'SNNMT'],
          note: note(LEAD_FROM_IV, SXD_COORDINATES, ONGOING_INFERRED),
        },
      ],
    },
    {
      code: 'II.3.(2)',
      title:
        'Phát triển đồng bộ, hiện đại hệ thống hạ tầng kỹ thuật đô thị, gắn với chỉnh trang, cải tạo cảnh quan; xây dựng, nâng cấp các công trình hạ tầng kỹ thuật, xã hội đô thị thiết yếu phục vụ đời sống dân sinh',
      kind: 'group',
      timeline: { kind: 'year', year: 2030 },
      lead: ['SXD'],
      cooperating: ['STC', '@wards'],
      note: note(LEAD_FROM_IV, SXD_COORDINATES),
      children: [
        {
          code: 'II.3.(2).a',
          title:
            'Các cơ quan chủ trì thực hiện các nhiệm vụ được giao có trách nhiệm chủ động xây dựng kế hoạch chi tiết, tập trung nguồn lực triển khai quyết liệt các nội dung công việc theo đúng tiến độ phân kỳ hằng năm tại Phụ lục 02',
          kind: 'task',
          timeline: { kind: 'ongoing', text: 'Theo tiến độ phân kỳ hằng năm tại Phụ lục 02' },
          lead: ['SXD'],
          cooperating: ['@wards'],
          note: note(LEAD_FROM_IV, SXD_COORDINATES),
        },
        {
          code: 'II.3.(2).b',
          title:
            'Đối với các dự án đã được bố trí kế hoạch vốn đầu tư công trung hạn: Tập trung hoàn thiện công tác chuẩn bị đầu tư, phê duyệt thiết kế, dự toán; tổ chức bồi thường giải phóng mặt bằng và thực hiện các thủ tục để khởi công xây dựng công trình theo đúng tiến độ kế hoạch vốn giao',
          kind: 'task',
          timeline: { kind: 'ongoing', text: 'Theo tiến độ kế hoạch vốn giao' },
          lead: ['SXD'],
          cooperating: ['STC', 'SNNMT'],
          note: note(LEAD_FROM_IV, SXD_COORDINATES),
        },
        {
          code: 'II.3.(2).c',
          // Verbatim, the text's two typos included ("đề khi", "phân đấu"); the note gives the reading.
          title:
            'Đối với các dự án chưa được bố trí vốn: Các cơ quan được giao chủ trì cần chủ động nghiên cứu, đề xuất phương án bố trí vốn. Công tác chuẩn bị đầu tư cần được thực hiện chủ động, sẵn sàng đề khi cân đối được nguồn lực sẽ tổ chức triển khai ngay, phân đấu hoàn thành các dự án vào năm 2030 nhằm hoàn thiện hệ thống kết cấu hạ tầng đô thị bền vững',
          kind: 'task',
          timeline: { kind: 'year', year: 2030 },
          lead: ['SXD'],
          cooperating: ['STC'],
          note: note(
            'Tên nhiệm vụ chép nguyên văn, kể cả lỗi chính tả của văn bản: “sẵn sàng đề khi” đọc là “sẵn sàng để khi”, “phân đấu” đọc là “phấn đấu”.',
            LEAD_FROM_IV,
            SXD_COORDINATES,
          ),
        },
      ],
    },
    {
      code: 'II.3.(3)',
      title: 'Đáp ứng nhu cầu về nhà ở xã hội cho người dân đô thị, góp phần ổn định đời sống và thúc đẩy công bằng xã hội',
      kind: 'project',
      timeline: { kind: 'year', year: 2030 },
      milestones: [
        { title: 'Lựa chọn chủ đầu tư và khởi công xây dựng ít nhất 01 dự án nhà ở xã hội', timeline: { kind: 'year', year: 2026 } },
        { title: 'Hoàn thành chỉ tiêu Chính phủ giao: 1.500 căn nhà ở xã hội', timeline: { kind: 'year', year: 2030 } },
      ],
      lead: ['SXD'],
      cooperating: ['STC', 'SNNMT', '@wards'],
      note: note(
        'Hoàn thiện thủ tục pháp lý, đề xuất các khu đất, kêu gọi, lựa chọn chủ đầu tư.',
        LEAD_FROM_IV,
        'Sở Xây dựng chủ trì tham mưu các nhiệm vụ về hạ tầng đô thị và các lĩnh vực xây dựng theo Kế hoạch (Mục IV.2).',
      ),
    },
  ],
};

/**
 * A body's own duty of section IV, in its words. `worded`: the text says only that the body
 * cooperates ("phối hợp") or takes part ("tham gia"), naming no lead; the body answers for it.
 */
function duty(code: string, lead: string, body: string, title: string, worded?: 'phối hợp' | 'tham gia'): SeedTask {
  const own = `Nhiệm vụ của ${body} tại Mục ${code.replace(/\.[a-z]$/, '')}.`;
  const inferred = `Văn bản ghi “${worded}” và không nêu cơ quan chủ trì: ${body} là cơ quan chủ trì nhiệm vụ này, báo cáo phần việc của mình; cán bộ tổng hợp có thể sửa.`;
  return { code, title, kind: 'task', lead: [lead], note: worded ? note(own, inferred) : own };
}

/** Section IV's duties of each body, IV.3–IV.9 (see the header for IV.1, IV.2 and IV.10). */
const IV: SeedTask[] = [
  {
    code: 'IV.3',
    title: 'Sở Tài chính',
    kind: 'group',
    lead: ['STC'],
    children: [
      duty(
        'IV.3.a',
        'STC',
        'Sở Tài chính',
        'Chủ trì tham mưu UBND tỉnh cân đối, bố trí nguồn vốn đầu tư công trung hạn và vốn sự nghiệp kinh tế hằng năm để thực hiện các quy hoạch, dự án đầu tư phát triển kết cấu hạ tầng trên địa bàn tỉnh; tổng hợp nhu cầu vốn, tham mưu UBND tỉnh làm việc với các bộ, ngành Trung ương để xin hỗ trợ bố trí nguồn vốn cho các dự án',
      ),
      duty(
        'IV.3.b',
        'STC',
        'Sở Tài chính',
        'Tham mưu UBND tỉnh huy động, kêu gọi các nguồn lực hợp pháp để đầu tư phát triển kết cấu hạ tầng; phối hợp quản lý, sử dụng hiệu quả các nguồn vốn đầu tư theo quy định',
      ),
      duty(
        'IV.3.c',
        'STC',
        'Sở Tài chính',
        'Tham mưu UBND tỉnh ban hành cơ chế, chính sách ưu đãi, tạo môi trường đầu tư cạnh tranh, bình đẳng; nâng cao hiệu quả thu hút các nhà đầu tư tham gia đầu tư xây dựng, phát triển hạ tầng giao thông, đô thị và môi trường',
      ),
    ],
  },
  duty(
    'IV.4',
    'SVHTTDL',
    'Sở Văn hóa, Thể thao và Du lịch',
    'Chủ trì tham mưu, tổ chức công tác thông tin, tuyên truyền, vận động Nhân dân ủng hộ chủ trương, chính sách của Đảng và Nhà nước trong triển khai các chương trình, dự án phát triển kết cấu hạ tầng, đặc biệt là các dự án có yêu cầu giải phóng mặt bằng, bồi thường, hỗ trợ và tái định cư',
  ),
  duty(
    'IV.5',
    'SKHCN',
    'Sở Khoa học và Công nghệ',
    'Phối hợp xây dựng, khai thác, kết nối, chia sẻ cơ sở dữ liệu phục vụ công tác quản lý, giám sát đầu tư xây dựng hạ tầng; thúc đẩy phát triển đô thị thông minh',
    'phối hợp',
  ),
  {
    code: 'IV.6',
    title: 'Sở Nông nghiệp và Môi trường',
    kind: 'group',
    lead: ['SNNMT'],
    children: [
      duty(
        'IV.6.a',
        'SNNMT',
        'Sở Nông nghiệp và Môi trường',
        'Chủ trì, phối hợp hỗ trợ các sở, ngành và đơn vị có liên quan trong công tác quản lý đất đai, quản lý rừng, tài nguyên nước, môi trường và các lĩnh vực có liên quan đến quá trình chuẩn bị, triển khai các dự án đầu tư phát triển kết cấu hạ tầng trên địa bàn tỉnh',
      ),
      duty(
        'IV.6.b',
        'SNNMT',
        'Sở Nông nghiệp và Môi trường',
        'Tham mưu UBND tỉnh giải quyết các vướng mắc về chuyển mục đích sử dụng đất, công tác thu hồi đất, bồi thường, hỗ trợ, tái định cư theo quy định của pháp luật',
      ),
      duty(
        'IV.6.c',
        'SNNMT',
        'Sở Nông nghiệp và Môi trường',
        'Hướng dẫn, phối hợp thực hiện các thủ tục về môi trường, bảo đảm các dự án đầu tư phát triển kết cấu hạ tầng được triển khai đúng quy định, hạn chế tác động tiêu cực đến môi trường tự nhiên',
      ),
    ],
  },
  {
    code: 'IV.7',
    title: 'Bộ Chỉ huy Quân sự tỉnh Cao Bằng',
    kind: 'group',
    lead: ['BCHQS'],
    children: [
      duty(
        'IV.7.a',
        'BCHQS',
        'Bộ Chỉ huy Quân sự tỉnh',
        'Phối hợp với các sở, ban, ngành và UBND cấp xã trong quá trình triển khai các dự án kết cấu hạ tầng giao thông, đô thị tại các khu vực liên quan đến quốc phòng, an ninh, khu vực biên giới',
        'phối hợp',
      ),
      duty(
        'IV.7.b',
        'BCHQS',
        'Bộ Chỉ huy Quân sự tỉnh',
        'Tham gia ý kiến đối với quy hoạch, dự án đầu tư xây dựng có ảnh hưởng đến phạm vi đất quốc phòng, công trình quân sự, thể trận quốc phòng toàn dân; bảo đảm kết hợp chặt chẽ giữa phát triển kinh tế – xã hội với củng cố quốc phòng, an ninh',
        'tham gia',
      ),
    ],
  },
  {
    code: 'IV.8',
    title: 'Sở Công thương',
    kind: 'group',
    lead: ['SCT'],
    children: [
      duty(
        'IV.8.a',
        'SCT',
        'Sở Công Thương',
        'Theo dõi diễn biến thị trường, cung – cầu và giá cả một số nhóm hàng hóa, vật tư, vật liệu có ảnh hưởng trực tiếp đến triển khai các dự án giao thông, đô thị và môi trường (nhiên liệu, vật liệu xây dựng chủ yếu...); phối hợp cơ quan liên quan kịp thời tham mưu các giải pháp bảo đảm nguồn cung, hạn chế đầu cơ, tăng giá bất hợp lý (nếu phát sinh)',
      ),
      duty(
        'IV.8.b',
        'SCT',
        'Sở Công Thương',
        'Phối hợp bảo đảm cung cấp điện an toàn, ổn định cho các công trình hạ tầng, các khu vực thi công, khu tái định cư, hạ tầng kỹ thuật đô thị (đặc biệt các khu vực có khối lượng thi công lớn), kịp thời xử lý các vướng mắc liên quan hành lang an toàn lưới điện, di dời công trình điện trong phạm vi giải phóng mặt bằng theo quy định',
        'phối hợp',
      ),
    ],
  },
  {
    code: 'IV.9',
    title: 'Ban Quản lý Khu kinh tế tỉnh',
    kind: 'group',
    lead: ['BQLKKT'],
    children: [
      duty(
        'IV.9.a',
        'BQLKKT',
        'Ban Quản lý Khu kinh tế tỉnh',
        'Chủ trì tham mưu, giúp UBND tỉnh theo dõi, phối hợp trong việc triển khai các chương trình, dự án phát triển kết cấu hạ tầng giao thông, đô thị và môi trường có liên quan đến khu vực cửa khẩu, khu kinh tế cửa khẩu trên địa bàn tỉnh',
      ),
      duty(
        'IV.9.b',
        'BQLKKT',
        'Ban Quản lý Khu kinh tế tỉnh',
        'Rà soát, cho ý kiến về sự phù hợp của các dự án đầu tư phát triển kết cấu hạ tầng giao thông, đô thị khi triển khai trong phạm vi hoặc có ảnh hưởng đến khu vực cửa khẩu, khu kinh tế cửa khẩu, bảo đảm thống nhất với quy hoạch Khu kinh tế cửa khẩu đã được cấp có thẩm quyền phê duyệt',
      ),
      duty(
        'IV.9.c',
        'BQLKKT',
        'Ban Quản lý Khu kinh tế tỉnh',
        'Phối hợp với các sở, ban, ngành và UBND cấp xã trong công tác quản lý quy hoạch, không gian, sử dụng đất, trật tự xây dựng, bảo vệ môi trường tại khu vực cửa khẩu, khu kinh tế cửa khẩu theo quy định',
        'phối hợp',
      ),
    ],
  },
];

/**
 * Section III.2 capital table (tỷ đồng), exactly as the text gives it, and section IV, which
 * the table has no row for (0: no need stated; the plan page leaves it out of its table).
 */
export const SECTIONS: SeedSection[] = [
  {
    code: 'PL01',
    title: 'Giao thông',
    capitalTotal: '78162.8',
    capitalStateBudget: '64571.2',
    capitalNonStateBudget: '13591.6',
    tasks: [II2],
  },
  {
    code: 'PL02',
    title: 'Đô thị và môi trường',
    capitalTotal: '14765.1',
    capitalStateBudget: '10276.0',
    capitalNonStateBudget: '4489.1',
    tasks: [II3],
  },
  {
    code: 'PL03',
    title: 'Quy hoạch đô thị và nông thôn',
    capitalTotal: '315.2',
    capitalStateBudget: '315.2',
    capitalNonStateBudget: '0.0',
    tasks: [II1],
  },
  {
    code: 'IV',
    title: 'Tổ chức thực hiện',
    capitalTotal: '0',
    capitalStateBudget: '0',
    capitalNonStateBudget: '0',
    tasks: IV,
  },
];

export const INDICATORS: SeedIndicator[] = [
  {
    code: 'NOXH',
    name: 'Số căn nhà ở xã hội hoàn thành',
    unit: 'căn',
    aggregation: 'single',
    owners: ['SXD'],
    taskCode: 'II.3.(3)',
    targets: [{ year: 2030, comparator: 'at_least', value: '1500', note: 'Chỉ tiêu Chính phủ giao' }],
  },
  {
    code: 'NOXH-KC',
    name: 'Số dự án nhà ở xã hội được khởi công xây dựng',
    unit: 'dự án',
    aggregation: 'single',
    owners: ['SXD'],
    taskCode: 'II.3.(3)',
    targets: [{ year: 2026, comparator: 'at_least', value: '1' }],
  },
  {
    code: 'NHUA-DT',
    name: 'Tỷ lệ chiều dài mặt đường đường tỉnh được nhựa hóa/bê tông hóa',
    unit: '%',
    aggregation: 'single',
    owners: ['SXD'],
    taskCode: 'II.2.(4)',
    targets: [{ year: 2030, comparator: 'at_least', value: '100', note: YEAR_INFERRED }],
  },
  {
    code: 'NHUA-DX',
    name: 'Tỷ lệ chiều dài mặt đường xã được nhựa hóa/bê tông hóa',
    unit: '%',
    aggregation: 'single',
    owners: ['SXD'],
    taskCode: 'II.2.(4).a',
    targets: [{ year: 2030, comparator: 'at_least', value: '85', note: YEAR_INFERRED }],
  },
  {
    code: 'QHC-DT',
    name: 'Quy hoạch chung đô thị Cao Bằng được hoàn thành',
    unit: 'đồ án',
    aggregation: 'single',
    owners: ['SXD'],
    taskCode: 'II.1.(1)',
    targets: [{ year: 2026, comparator: 'exactly', value: '1' }],
  },
  {
    code: 'QHC-XA',
    name: 'Số xã hoàn thành quy hoạch chung',
    unit: 'xã',
    aggregation: 'count_yes',
    question: 'Xã đã hoàn thành quy hoạch chung?',
    owners: ['@communes'],
    taskCode: 'II.1.(2)',
    targets: [{ year: 2026, comparator: 'exactly', value: '53' }],
  },
  {
    code: 'QHPK-PHUONG',
    name: 'Số phường hoàn thành quy hoạch phân khu',
    unit: 'phường',
    aggregation: 'count_yes',
    question: 'Phường đã hoàn thành quy hoạch phân khu?',
    owners: ['@wards'],
    taskCode: 'II.1.(3)',
    targets: [{ year: 2027, comparator: 'exactly', value: '3' }],
  },
  {
    code: 'QHCT-XA',
    name: 'Số xã hoàn thành quy hoạch chi tiết khu trung tâm',
    unit: 'xã',
    aggregation: 'count_yes',
    question: 'Xã đã hoàn thành quy hoạch chi tiết khu trung tâm?',
    owners: ['@communes'],
    taskCode: 'II.1.(4)',
    targets: [{ year: 2027, comparator: 'exactly', value: '53' }],
  },
  {
    code: 'QCKT',
    name: 'Số xã, phường hoàn thành quy chế quản lý kiến trúc',
    unit: 'xã, phường',
    aggregation: 'count_yes',
    question: 'Xã, phường đã hoàn thành quy chế quản lý kiến trúc?',
    owners: ['@local'],
    taskCode: 'II.1.(5)',
    targets: [{ year: 2028, comparator: 'exactly', value: '56' }],
  },
];

const ALL_REPORTING = ['@departments', '@local'];

/** Section V, as CONTRACT.md's calendar spells it out. All 64 reporting agencies owe every report. */
export const REGIME = {
  code: 'CB-CDBC',
  name: 'Chế độ báo cáo thực hiện Kế hoạch (Mục V)',
  legalBasis:
    'Mục V Kế hoạch; Nghị định số 09/2019/NĐ-CP ngày 24/01/2019 của Chính phủ quy định về chế độ báo cáo của cơ quan hành chính nhà nước',
  rollForward: false,
  kinds: [
    {
      code: 'semiannual',
      name: 'Báo cáo định kỳ 6 tháng (trước ngày 20/5)',
      frequency: 'semiannual',
      slots: [1],
      periodLabel: 'Báo cáo 6 tháng đầu năm {year}',
      opensRule: { monthOffset: -1, day: 15 },
      dueRule: { monthOffset: 4, day: 20 },
      dataWindow: { start: { monthOffset: -1, day: 15 }, end: { monthOffset: 4, day: 14 } },
      consolidationDueRule: { monthOffset: 4, day: 30 },
      namedDayCounts: false,
      owedBy: 'listed',
      agencies: ALL_REPORTING,
    },
    {
      code: 'annual',
      name: 'Báo cáo hằng năm (trước ngày 20/12)',
      frequency: 'annual',
      slots: [1],
      periodLabel: 'Báo cáo năm {year}',
      opensRule: { monthOffset: -1, day: 15 },
      dueRule: { monthOffset: 11, day: 20 },
      dataWindow: { start: { monthOffset: -1, day: 15 }, end: { monthOffset: 11, day: 14 } },
      consolidationDueRule: { monthOffset: 11, day: 25 },
      namedDayCounts: false,
      owedBy: 'listed',
      agencies: ALL_REPORTING,
    },
    {
      code: 'one-off',
      name: 'Kế hoạch triển khai thực hiện của cơ quan, đơn vị (Mục IV.1, trước ngày 10/4/2026)',
      frequency: 'one-off',
      slots: [],
      periodLabel: 'Kế hoạch triển khai thực hiện của cơ quan, đơn vị',
      fixedDueDate: '2026-04-10',
      namedDayCounts: false,
      owedBy: 'listed',
      agencies: ALL_REPORTING,
    },
  ] satisfies SeedReportKind[],
};
