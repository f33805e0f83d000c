export const REPORT_STATES = ['draft', 'submitted', 'returned', 'accepted'] as const;
export type ReportState = (typeof REPORT_STATES)[number];

export const TASK_STATUSES = ['not_started', 'on_track', 'behind_schedule', 'completed', 'suspended'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const TASK_STATUS_LABELS: Record<TaskStatus, string> = {
  not_started: 'Chưa triển khai',
  on_track: 'Đang triển khai – đúng tiến độ',
  behind_schedule: 'Chậm tiến độ',
  completed: 'Hoàn thành',
  suspended: 'Tạm dừng',
};

export const DIFFICULTY_KINDS = ['land_clearance', 'capital', 'procedure', 'materials', 'planning', 'other'] as const;
export type DifficultyKind = (typeof DIFFICULTY_KINDS)[number];
export const DIFFICULTY_KIND_LABELS: Record<DifficultyKind, string> = {
  land_clearance: 'Giải phóng mặt bằng',
  capital: 'Nguồn vốn',
  procedure: 'Thủ tục hành chính',
  materials: 'Vật liệu xây dựng',
  planning: 'Quy hoạch',
  other: 'Khác',
};

export const RESOLVING_LEVELS = ['central', 'province', 'commune'] as const;
export type ResolvingLevel = (typeof RESOLVING_LEVELS)[number];
export const RESOLVING_LEVEL_LABELS: Record<ResolvingLevel, string> = { central: 'Trung ương', province: 'Tỉnh', commune: 'Xã' };

export const REPORT_ACTIONS = ['submitted', 'returned', 'accepted', 'reopened'] as const;
export type ReportAction = (typeof REPORT_ACTIONS)[number];

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
export const CHECK_REPORT_STATE = `"state" IN (${list(REPORT_STATES)})`;
export const CHECK_TASK_STATUS = `"status" IS NULL OR "status" IN (${list(TASK_STATUSES)})`;
export const CHECK_DIFFICULTY_KIND = `"difficulty_kind" IS NULL OR "difficulty_kind" IN (${list(DIFFICULTY_KINDS)})`;
export const CHECK_RESOLVING_LEVEL = `"resolving_level" IS NULL OR "resolving_level" IN (${list(RESOLVING_LEVELS)})`;
