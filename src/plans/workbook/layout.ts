import type { AgencyKind } from '../../agencies/agency.entity';
import { foldVietnamese } from '../../common/vietnamese';
import type { Frequency, ReminderAnchor, ReminderAudience, ReportForm } from '../../reporting/regime.types';
import type { Aggregation } from '../indicator.entity';
import type { Comparator } from '../indicator-target.entity';
import type { TaskKind } from '../task.entity';

/**
 * The plan workbook: the layout coordinators already use for the appendices (Phụ lục), one sheet
 * per section, plus sheets for the plan, its agencies, milestones, indicators and the regime.
 * Headers are matched without case or diacritics, so a column may be retitled slightly or moved.
 */
export const SHEETS = {
  guide: 'Hướng dẫn',
  plan: 'Kế hoạch',
  agencies: 'Cơ quan',
  groups: 'Nhóm cơ quan',
  milestones: 'Mốc tiến độ',
  indicators: 'Chỉ tiêu',
  targets: 'Chỉ tiêu theo năm',
  kinds: 'Chế độ báo cáo',
  reminders: 'Nhắc nhở',
  accounts: 'Tài khoản',
} as const;

export const FIXED_SHEETS = new Set<string>(Object.values(SHEETS));

export interface ColumnSpec<K extends string = string> {
  key: K;
  header: string;
  /** Other headers accepted for this column (folded prefixes). */
  aliases?: string[];
  required?: boolean;
  width: number;
}

/** Columns of a section sheet. The three capital columns sit under "Nhu cầu vốn (tỷ đồng)". */
export const TASK_COLUMNS: ColumnSpec[] = [
  { key: 'stt', header: 'STT', required: true, width: 8 },
  { key: 'title', header: 'Nội dung công việc', aliases: ['noi dung', 'ten nhiem vu', 'ten du an'], required: true, width: 60 },
  { key: 'kind', header: 'Loại', width: 14 },
  { key: 'leads', header: 'Cơ quan chủ trì', aliases: ['chu tri', 'don vi chu tri'], width: 30 },
  { key: 'cooperating', header: 'Cơ quan phối hợp', aliases: ['phoi hop', 'don vi phoi hop'], width: 30 },
  { key: 'timeline', header: 'Thời gian thực hiện / hoàn thành', aliases: ['thoi gian'], width: 24 },
  { key: 'capitalTotal', header: 'Tổng số', aliases: ['tong so', 'tong von'], width: 14 },
  { key: 'capitalStateBudget', header: 'Vốn NSNN', aliases: ['von nsnn', 'ngan sach nha nuoc', 'nsnn'], width: 14 },
  { key: 'capitalNonStateBudget', header: 'Vốn ngoài NS', aliases: ['von ngoai ns', 'ngoai ngan sach', 'ngoai ns'], width: 14 },
  { key: 'note', header: 'Ghi chú', width: 30 },
  { key: 'timelineKey', header: 'Mốc thời gian (năm/ngày)', aliases: ['moc thoi gian'], width: 16 },
  { key: 'code', header: 'Mã nhiệm vụ', aliases: ['ma nhiem vu'], width: 16 },
];
export const CAPITAL_GROUP_HEADER = 'Nhu cầu vốn (tỷ đồng)';
/** The header of a phase's capital group ("Nhu cầu vốn giai đoạn 2026–2027 (tỷ đồng)"), over the same three columns. */
export const phaseGroupHeader = (label: string): string => `Nhu cầu vốn giai đoạn ${label} (tỷ đồng)`;
/** A phase group's header, folded: the span follows "giai đoạn"; "(tỷ đồng)" may be left out. */
export const PHASE_GROUP_PATTERN = /^nhu cau von giai doan\s+(.+?)\s*(?:\(ty dong\))?$/;
/** The plan sheet's row listing the capital phases (label in column A, "2026–2027; 2028–2030" in column B). */
export const CAPITAL_PHASES_LABEL = 'Các giai đoạn vốn';
/** The guide sheet's line on capital phases. */
export const CAPITAL_PHASES_GUIDE =
  `Nhu cầu vốn theo giai đoạn (không bắt buộc): ghi các giai đoạn ở dòng "${CAPITAL_PHASES_LABEL}" của trang "Kế hoạch" ` +
  '(ví dụ "2026–2027; 2028–2030": theo thứ tự, không chồng lên nhau, trong thời gian của kế hoạch), rồi thêm ở mỗi phụ lục một nhóm cột ' +
  `"${phaseGroupHeader('2026–2027')}" với ba cột Tổng số, Vốn NSNN, Vốn ngoài NS như nhóm "${CAPITAL_GROUP_HEADER}". ` +
  'Mỗi giai đoạn: Tổng số bằng Vốn NSNN cộng Vốn ngoài NS; khi ghi đủ mọi giai đoạn, cộng các giai đoạn phải bằng nhu cầu vốn cả kỳ của dòng đó.';

export const AGENCY_COLUMNS: ColumnSpec[] = [
  { key: 'code', header: 'Mã', required: true, width: 10 },
  { key: 'kind', header: 'Loại', required: true, width: 16 },
  { key: 'name', header: 'Tên đầy đủ', aliases: ['ten co quan'], required: true, width: 50 },
  { key: 'shortName', header: 'Tên viết tắt', aliases: ['ten ngan'], width: 26 },
  { key: 'emails', header: 'Email', aliases: ['thu dien tu'], width: 32 },
  { key: 'signOff', header: 'Lãnh đạo ký duyệt', aliases: ['lanh dao'], width: 14 },
];

/**
 * Columns of the optional agency groups sheet: a group is named in any agency list cell (by name
 * or code) instead of its members. Members are agency names or codes (or other groups) separated
 * by ";" or new lines; "Theo loại" adds every agency of the workbook's own agency sheet of those
 * kinds ("Xã; Phường").
 */
export const GROUP_COLUMNS: ColumnSpec[] = [
  { key: 'code', header: 'Mã nhóm', required: true, width: 14 },
  { key: 'name', header: 'Tên nhóm', required: true, width: 36 },
  { key: 'members', header: 'Thành viên', aliases: ['cac co quan'], width: 60 },
  { key: 'kinds', header: 'Theo loại', aliases: ['theo loai co quan'], width: 24 },
];

export const MILESTONE_COLUMNS: ColumnSpec[] = [
  { key: 'task', header: 'Mã nhiệm vụ', required: true, width: 18 },
  { key: 'title', header: 'Nội dung', required: true, width: 60 },
  { key: 'timeline', header: 'Thời gian', required: true, width: 24 },
  { key: 'timelineKey', header: 'Mốc thời gian (năm/ngày)', aliases: ['moc thoi gian'], width: 16 },
];

export const INDICATOR_COLUMNS: ColumnSpec[] = [
  { key: 'code', header: 'Mã chỉ tiêu', required: true, width: 14 },
  { key: 'name', header: 'Tên chỉ tiêu', required: true, width: 60 },
  { key: 'unit', header: 'Đơn vị tính', required: true, width: 12 },
  { key: 'aggregation', header: 'Cách tổng hợp', width: 22 },
  { key: 'task', header: 'Mã nhiệm vụ', width: 16 },
  { key: 'owners', header: 'Cơ quan báo cáo', width: 40 },
  { key: 'question', header: 'Câu hỏi cho đơn vị', width: 44 },
];

export const TARGET_COLUMNS: ColumnSpec[] = [
  { key: 'indicator', header: 'Mã chỉ tiêu', required: true, width: 14 },
  { key: 'year', header: 'Năm', required: true, width: 8 },
  { key: 'comparator', header: 'So sánh', width: 12 },
  { key: 'value', header: 'Giá trị', required: true, width: 14 },
  { key: 'valueTo', header: 'Giá trị đến', width: 14 },
  { key: 'note', header: 'Ghi chú', width: 40 },
];

export const KIND_COLUMNS: ColumnSpec[] = [
  { key: 'code', header: 'Mã loại báo cáo', required: true, width: 14 },
  { key: 'name', header: 'Tên loại báo cáo', required: true, width: 36 },
  { key: 'frequency', header: 'Tần suất', required: true, width: 12 },
  { key: 'slots', header: 'Các kỳ trong năm', width: 12 },
  { key: 'periodLabel', header: 'Tên kỳ báo cáo', required: true, width: 36 },
  { key: 'opens', header: 'Mở kỳ', width: 22 },
  { key: 'due', header: 'Hạn gửi báo cáo', aliases: ['han gui'], width: 22 },
  { key: 'consolidationDue', header: 'Hạn tổng hợp', width: 22 },
  { key: 'dataFrom', header: 'Số liệu từ', width: 22 },
  { key: 'dataTo', header: 'Số liệu đến', width: 22 },
  { key: 'fixedOpens', header: 'Ngày mở (báo cáo một lần)', aliases: ['ngay mo'], width: 14 },
  { key: 'fixedDue', header: 'Hạn (báo cáo một lần)', aliases: ['han (bao cao mot lan)', 'han bao cao mot lan'], width: 14 },
  { key: 'namedDayCounts', header: 'Tính cả ngày hạn', width: 12 },
  { key: 'agencies', header: 'Cơ quan phải báo cáo', width: 40 },
  { key: 'years', header: 'Các năm báo cáo', aliases: ['nam bao cao'], width: 14 },
  { key: 'form', header: 'Hình thức báo cáo', aliases: ['hinh thuc'], width: 16 },
  // A report chain: "mã kế hoạch / mã loại báo cáo" of the next level's plan the consolidated report feeds.
  { key: 'feeds', header: 'Gửi tiếp', aliases: ['la dau vao cua', 'gui tiep (ke hoach / loai bao cao)'], width: 28 },
];

export const REMINDER_COLUMNS: ColumnSpec[] = [
  { key: 'kind', header: 'Mã loại báo cáo', required: true, width: 14 },
  { key: 'code', header: 'Mã nhắc nhở', required: true, width: 12 },
  { key: 'anchor', header: 'Mốc', required: true, width: 14 },
  { key: 'offsetDays', header: 'Số ngày so với mốc', required: true, width: 12 },
  { key: 'time', header: 'Giờ gửi', required: true, width: 10 },
  { key: 'audience', header: 'Gửi tới', required: true, width: 26 },
  { key: 'repeatEveryDays', header: 'Lặp lại mỗi (ngày)', width: 12 },
  { key: 'untilDays', header: 'Tối đa (ngày sau mốc)', width: 12 },
];

/** Columns of the optional accounts sheet: no password column, each new user gets a welcome link. */
export const ACCOUNT_COLUMNS: ColumnSpec[] = [
  { key: 'username', header: 'Tên đăng nhập', required: true, width: 18 },
  { key: 'displayName', header: 'Họ và tên', aliases: ['ho ten'], required: true, width: 32 },
  { key: 'email', header: 'Email', aliases: ['thu dien tu'], width: 32 },
  { key: 'role', header: 'Vai trò', required: true, width: 22 },
  { key: 'agency', header: 'Cơ quan', aliases: ['don vi', 'co quan, don vi'], required: true, width: 40 },
];

/** The roles an accounts sheet may give (administrators are created on the users page only). */
export const ACCOUNT_ROLE_WORDS = {
  reporter: 'Cán bộ báo cáo',
  head: 'Lãnh đạo cơ quan',
  coordinator: 'Cán bộ tổng hợp',
  leader: 'Lãnh đạo (chỉ xem)',
} as const;
export type AccountRole = keyof typeof ACCOUNT_ROLE_WORDS;

/** Rows of the plan sheet: label in column A, value in column B. */
export const PLAN_FIELDS = [
  { key: 'code', label: 'Mã kế hoạch', required: true },
  { key: 'title', label: 'Tên kế hoạch', required: true },
  { key: 'issuingBody', label: 'Cơ quan ban hành', required: true },
  { key: 'documentNumber', label: 'Số hiệu văn bản' },
  { key: 'documentDate', label: 'Ngày ban hành' },
  { key: 'legalBasis', label: 'Căn cứ' },
  { key: 'startYear', label: 'Năm bắt đầu', required: true },
  { key: 'endYear', label: 'Năm kết thúc', required: true },
  { key: 'coordinatingAgency', label: 'Cơ quan tổng hợp báo cáo', required: true },
  { key: 'recipientAgency', label: 'Cơ quan nhận báo cáo tổng hợp' },
  { key: 'regimeCode', label: 'Mã chế độ báo cáo' },
  { key: 'regimeName', label: 'Tên chế độ báo cáo' },
  { key: 'regimeLegalBasis', label: 'Căn cứ chế độ báo cáo' },
  { key: 'rollForward', label: 'Lùi hạn khi trùng ngày nghỉ' },
  { key: 'jurisdiction', label: 'Tỉnh, thành phố' },
  { key: 'bodyKind', label: 'Loại cơ quan tổng hợp' },
  { key: 'letterheadParent', label: 'Tên cơ quan chủ quản (tiêu đề văn bản)' },
  { key: 'numberSymbol', label: 'Ký hiệu văn bản báo cáo' },
  { key: 'placeName', label: 'Địa danh ghi ngày tháng' },
  { key: 'signerAuthority', label: 'Thẩm quyền ký' },
  { key: 'signerTitle', label: 'Chức vụ người ký' },
  { key: 'signerName', label: 'Họ và tên người ký' },
  { key: 'storageLine', label: 'Nơi lưu văn bản' },
  { key: 'senderName', label: 'Tên đơn vị gửi thư nhắc' },
  { key: 'senderEmail', label: 'Địa chỉ thư gửi đi' },
] as const;

/** What each identity row of the plan sheet means, for the guide sheet. */
export const IDENTITY_GUIDE: Record<string, string> = {
  jurisdiction:
    'tỉnh, thành phố của kế hoạch (ví dụ "Cao Bằng"); để trống thì lấy từ tên cơ quan ban hành. Tên cơ quan chỉ được so khớp trong tỉnh này.',
  bodyKind: '"Cơ quan nhà nước" (quốc hiệu, "Số: …/BC-…") hoặc "Tổ chức đảng" ("ĐẢNG CỘNG SẢN VIỆT NAM", "Số …-BC/…").',
  letterheadParent:
    'dòng trên tên cơ quan tổng hợp ở góc trái, ví dụ "UBND TỈNH CAO BẰNG", "TỈNH ỦY TUYÊN QUANG"; để trống thì lấy tên cơ quan cấp trên.',
  numberSymbol: 'ví dụ "BC-SXD" (nhà nước) hoặc "BC/BTGTU" (đảng); để trống thì ghép từ mã cơ quan tổng hợp.',
  placeName: 'địa danh trước "ngày … tháng … năm …"; để trống thì dùng tên tỉnh.',
  signerAuthority: 'ví dụ "KT. GIÁM ĐỐC", "T/M BAN THƯỜNG VỤ"; để trống khi thủ trưởng ký.',
  signerTitle: 'ví dụ "PHÓ GIÁM ĐỐC", "PHÓ BÍ THƯ".',
  signerName: 'họ và tên người ký, in dưới chữ ký.',
  storageLine: 'dòng cuối "Nơi nhận", ví dụ "Lưu: VT, QLXD".',
  senderName: 'tên ký cuối thư nhắc và hiện là người gửi, ví dụ "Sở Xây dựng tỉnh Cao Bằng".',
  senderEmail: 'địa chỉ người gửi của thư nhắc; để trống thì dùng địa chỉ của hệ thống.',
};

export const FREQUENCY_LABELS: Record<Frequency, string> = {
  quarterly: 'Hằng quý',
  semiannual: '6 tháng',
  annual: 'Hằng năm',
  'one-off': 'Một lần',
};
export const AGENCY_KIND_WORDS: Record<AgencyKind, string> = {
  province: 'Cấp tỉnh',
  department: 'Sở, ban, ngành',
  district: 'Cấp huyện',
  commune: 'Xã',
  ward: 'Phường',
  other: 'Khác',
};
export const TASK_KIND_WORDS: Record<TaskKind, string> = {
  group: 'Nhóm nhiệm vụ',
  project: 'Dự án',
  scheme: 'Đề án',
  planning: 'Quy hoạch',
  task: 'Nhiệm vụ',
};
export const AGGREGATION_WORDS: Record<Aggregation, string> = {
  sum: 'Cộng dồn',
  count_yes: 'Đếm đơn vị trả lời Có',
  single: 'Đơn vị phụ trách',
  latest: 'Mới nhất',
  average: 'Trung bình',
};
export const COMPARATOR_WORDS: Record<Comparator, string> = {
  at_least: 'Tối thiểu',
  exactly: 'Bằng',
  at_most: 'Tối đa',
  about: 'Khoảng',
  between: 'Trong khoảng',
};
/** Other words the "So sánh" column may hold, read as these comparators. */
export const COMPARATOR_ALIASES: Record<string, Comparator> = { 'ít nhất': 'at_least', 'không quá': 'at_most' };
/** The guide sheet's line on the "Chỉ tiêu theo năm" sheet. */
export const TARGET_GUIDE =
  `Trang "${SHEETS.targets}": mỗi dòng một mục tiêu của một năm. Cột "So sánh": ${Object.values(COMPARATOR_WORDS).join(', ')} ` +
  '(để trống là Tối thiểu). Cột "Giá trị" ghi một số ("80", "1,5"), một khoảng ("1,5–1,9", "1,5 - 1,9" hoặc "từ 1,5 đến 1,9": ' +
  'so sánh Trong khoảng) hoặc kèm chữ ("khoảng 60", "tối thiểu 80"); cũng có thể ghi đầu dưới ở "Giá trị", đầu trên ở "Giá trị đến". ' +
  'Mục tiêu "khoảng" được coi là đạt khi kết quả lệch không quá 5% giá trị; "trong khoảng" khi kết quả nằm giữa hai đầu (kể cả hai đầu).';
export const ANCHOR_WORDS: Record<ReminderAnchor, string> = { due: 'Hạn gửi', consolidation: 'Hạn tổng hợp' };
export const AUDIENCE_WORDS: Record<ReminderAudience, string> = {
  agency: 'Cơ quan',
  agency_and_head: 'Cơ quan và lãnh đạo',
  coordinator: 'Cán bộ tổng hợp',
};
export const OWED_BY_TASK_AGENCIES = 'Các cơ quan có nhiệm vụ trong kế hoạch';
/** What a kind's report is: the per-task form, or a document (the signed letter attached). */
export const REPORT_FORM_WORDS: Record<ReportForm, string> = { tasks: 'Theo nhiệm vụ', document: 'Văn bản' };

/** Reads a word back to its value: the label or the code, without case or diacritics. */
export function wordLookup<T extends string>(words: Record<T, string>): (text: string) => T | null {
  const map = new Map<string, T>();
  for (const [value, word] of Object.entries(words) as [T, string][]) {
    map.set(foldVietnamese(word), value);
    map.set(foldVietnamese(value), value);
  }
  return (text) => map.get(foldVietnamese(text)) ?? null;
}
