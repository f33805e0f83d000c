import type { CurrentUser } from '../auth/auth.types';
import { AppError } from '../common/errors';

const AGENCY_ROLES = new Set(['reporter', 'head']);
/** Who may read any agency's report (CONTRACT.md): the coordinator and the leader. */
const OVERSIGHT_ROLES = new Set(['coordinator', 'leader']);

/**
 * Who may do what with agency reports, in one place: an agency's users see and change only their
 * agency's reports; coordinators see all and change only review state; leaders read only.
 */
export const ReportPolicy = {
  requireAgencyUser(user: CurrentUser): void {
    if (!AGENCY_ROLES.has(user.role)) throw AppError.forbidden('Chỉ cán bộ của cơ quan, đơn vị mới lập và gửi báo cáo của đơn vị mình.');
  },

  requireRead(user: CurrentUser, report: { agencyId: string }): void {
    if (OVERSIGHT_ROLES.has(user.role)) return;
    if (!AGENCY_ROLES.has(user.role)) throw AppError.forbidden('Bạn không có quyền xem báo cáo của các đơn vị.');
    if (user.agencyId === report.agencyId) return;
    // Another agency's report is answered as not found, so ids cannot be probed.
    throw AppError.notFound('Không tìm thấy báo cáo.', 'REPORT_NOT_FOUND');
  },

  requireReview(user: CurrentUser): void {
    if (user.role !== 'coordinator') throw AppError.forbidden('Chỉ cán bộ tổng hợp của kế hoạch mới trả lại hoặc tiếp nhận báo cáo.');
  },

  requireSubmit(user: CurrentUser, agency: { requiresHeadSignOff: boolean }): void {
    this.requireAgencyUser(user);
    if (agency.requiresHeadSignOff && user.role !== 'head') {
      throw AppError.forbidden('Đơn vị yêu cầu lãnh đạo ký duyệt: chỉ lãnh đạo đơn vị mới gửi được báo cáo.');
    }
  },
};
