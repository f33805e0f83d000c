import { loadExcelJs } from '../../src/common/lazy-modules';

/**
 * The second built-in sample: a provincial party committee's programme, typed into the import
 * workbook as its coordinator would. A party body (motto "ĐẢNG CỘNG SẢN VIỆT NAM", numbers
 * "Số …-BC/BTGDVTU"), its own agencies, some homonymous with Cao Bằng's ("Sở Tài chính", "Sở Xây
 * dựng": the names resolve within Tuyên Quang), no capital figures, the half-year and annual
 * reports the demo regime states, a mid-term review in 2028 only (data from 15/12/2025), and the
 * party committees' own action programmes, a document each sends once (form "Văn bản"). Not seeded in the test template: the demo imports it at start
 * (SEED_DEMO_REPORTS) and the multi-plan suite imports it through the API.
 */
export const TQ_PLAN = 'TQ-CTHD-2026-2030';
export const TQ_COORDINATOR_CODE = 'TQ-BTGDV';
export const TQ_RECIPIENT_CODE = 'TQ-BTV';
/** Agencies that owe the plan's reports (one reporter each in the demo). */
export const TQ_REPORTING_CODES = ['TQ-SXD', 'TQ-STC', 'TQ-DUX-MB', 'TQ-DUX-YS', 'TQ-DUP-MT'];

export async function tuyenQuangWorkbook(): Promise<Buffer> {
  const wb = new (await loadExcelJs()).Workbook();
  const plan = wb.addWorksheet('Kế hoạch');
  const planRows: [string, string | number][] = [
    ['Mã kế hoạch', TQ_PLAN],
    [
      'Tên kế hoạch',
      'Chương trình hành động của Ban Chấp hành Đảng bộ tỉnh Tuyên Quang thực hiện đột phá phát triển kết cấu hạ tầng giai đoạn 2026–2030',
    ],
    ['Cơ quan ban hành', 'Ban Chấp hành Đảng bộ tỉnh Tuyên Quang'],
    ['Số hiệu văn bản', '12-CTr/TU'],
    ['Ngày ban hành', '15/1/2026'],
    ['Căn cứ', 'Nghị quyết Đại hội đại biểu Đảng bộ tỉnh Tuyên Quang lần thứ I, nhiệm kỳ 2025–2030'],
    ['Năm bắt đầu', 2026],
    ['Năm kết thúc', 2030],
    ['Cơ quan tổng hợp báo cáo', 'Ban Tuyên giáo và Dân vận Tỉnh ủy'],
    ['Cơ quan nhận báo cáo tổng hợp', 'Ban Thường vụ Tỉnh ủy'],
    ['Mã chế độ báo cáo', 'TQ-CTHD'],
    ['Tên chế độ báo cáo', 'Chế độ báo cáo sơ kết 6 tháng, tổng kết năm'],
    ['Lùi hạn khi trùng ngày nghỉ', 'Không'],
    ['Tỉnh, thành phố', 'Tuyên Quang'],
    ['Loại cơ quan tổng hợp', 'Tổ chức đảng'],
    ['Tên cơ quan chủ quản (tiêu đề văn bản)', 'TỈNH ỦY TUYÊN QUANG'],
    ['Ký hiệu văn bản báo cáo', 'BC/BTGDVTU'],
    ['Địa danh ghi ngày tháng', 'Tuyên Quang'],
    ['Thẩm quyền ký', 'K/T TRƯỞNG BAN'],
    ['Chức vụ người ký', 'PHÓ TRƯỞNG BAN'],
    ['Họ và tên người ký', 'Hoàng Thị Thu Hà'],
    ['Nơi lưu văn bản', 'Lưu Văn phòng Ban'],
    ['Tên đơn vị gửi thư nhắc', 'Ban Tuyên giáo và Dân vận Tỉnh ủy Tuyên Quang'],
    ['Địa chỉ thư gửi đi', 'btgdv@tuyenquang.example'],
  ];
  planRows.forEach((r) => plan.addRow(r));

  const agencies = wb.addWorksheet('Cơ quan');
  agencies.addRow(['Mã', 'Loại', 'Tên đầy đủ', 'Tên viết tắt', 'Email', 'Lãnh đạo ký duyệt']);
  agencies.addRows([
    ['TQ-TU', 'Cấp tỉnh', 'Tỉnh ủy Tuyên Quang', 'Tỉnh ủy', 'vanphong@tuyenquang.example', 'Không'],
    ['TQ-BTV', 'Cấp tỉnh', 'Ban Thường vụ Tỉnh ủy Tuyên Quang', 'Ban Thường vụ Tỉnh ủy', 'btv@tuyenquang.example', 'Không'],
    ['TQ-BTGDV', 'Khác', 'Ban Tuyên giáo và Dân vận Tỉnh ủy', 'Ban Tuyên giáo và Dân vận', 'btgdv@tuyenquang.example', 'Không'],
    ['TQ-SXD', 'Sở, ban, ngành', 'Sở Xây dựng tỉnh Tuyên Quang', 'Sở Xây dựng', 'sxd@tuyenquang.example', 'Không'],
    ['TQ-STC', 'Sở, ban, ngành', 'Sở Tài chính tỉnh Tuyên Quang', 'Sở Tài chính', 'stc@tuyenquang.example', 'Không'],
    ['TQ-DUX-MB', 'Xã', 'Đảng ủy xã Minh Bảo', 'Đảng ủy xã Minh Bảo', 'minhbao@tuyenquang.example', 'Có'],
    ['TQ-DUX-YS', 'Xã', 'Đảng ủy xã Yên Sơn', 'Đảng ủy xã Yên Sơn', 'yenson@tuyenquang.example', 'Không'],
    ['TQ-DUP-MT', 'Phường', 'Đảng ủy phường Minh Xuân', 'Đảng ủy phường Minh Xuân', 'minhxuan@tuyenquang.example', 'Không'],
  ]);

  // The programme names its grassroots party committees as the resolution does, not one by one.
  const groups = wb.addWorksheet('Nhóm cơ quan');
  groups.addRow(['Mã nhóm', 'Tên nhóm', 'Thành viên', 'Theo loại']);
  groups.addRows([
    ['DU-XP', 'Các đảng ủy xã, phường', null, 'Xã; Phường'],
    ['DU-X', 'Các đảng ủy xã', null, 'Xã'],
  ]);

  const section = (code: string, title: string, rows: (string | number | null)[][]) => {
    const ws = wb.addWorksheet(code);
    ws.addRow(['Mã phụ lục', code]);
    ws.addRow(['Tên phụ lục', title]);
    ws.addRow([]);
    ws.addRow(['STT', 'Nội dung công việc', 'Cơ quan chủ trì', 'Cơ quan phối hợp', 'Thời gian thực hiện / hoàn thành', 'Ghi chú']);
    rows.forEach((r) => ws.addRow(r));
  };
  section('PL01', 'Nhiệm vụ lãnh đạo, chỉ đạo', [
    [
      '1',
      'Quán triệt, tuyên truyền nội dung đột phá phát triển kết cấu hạ tầng',
      'Ban Tuyên giáo và Dân vận Tỉnh ủy',
      null,
      'Năm 2026',
      null,
    ],
    [
      '2',
      'Lãnh đạo công tác vận động nhân dân hiến đất, giải phóng mặt bằng các công trình trọng điểm',
      'Các đảng ủy xã, phường',
      'Ban Tuyên giáo và Dân vận Tỉnh ủy',
      'Thường xuyên',
      null,
    ],
  ]);
  section('PL02', 'Nhiệm vụ phát triển hạ tầng', [
    [
      '1',
      'Rà soát danh mục công trình hạ tầng giao thông, đô thị ưu tiên đầu tư giai đoạn 2026–2030',
      'Sở Xây dựng',
      'Sở Tài chính',
      'Năm 2026',
      null,
    ],
    ['2', 'Tham mưu bố trí, lồng ghép nguồn vốn thực hiện các công trình ưu tiên', 'Sở Tài chính', 'Sở Xây dựng', '2026–2030', null],
    [
      '3',
      'Vận động xây dựng đường giao thông nông thôn theo phương châm "Nhà nước và Nhân dân cùng làm"',
      'Các đảng ủy xã',
      'Sở Xây dựng',
      'Thường xuyên',
      null,
    ],
  ]);

  const indicators = wb.addWorksheet('Chỉ tiêu');
  indicators.addRow(['Mã chỉ tiêu', 'Tên chỉ tiêu', 'Đơn vị tính', 'Cách tổng hợp', 'Mã nhiệm vụ', 'Cơ quan báo cáo']);
  indicators.addRow(['DUONG-GTNT', 'Chiều dài đường giao thông nông thôn được cứng hóa', 'km', 'Cộng dồn', 'PL02.3', 'Các đảng ủy xã']);
  const targets = wb.addWorksheet('Chỉ tiêu theo năm');
  targets.addRow(['Mã chỉ tiêu', 'Năm', 'So sánh', 'Giá trị', 'Ghi chú']);
  // A mid-term target as a party programme states it: a range ("từ 60 đến 80 km"), written "60–80".
  targets.addRow(['DUONG-GTNT', 2028, null, '60–80', 'Giữa nhiệm kỳ']);
  targets.addRow(['DUONG-GTNT', 2030, 'Tối thiểu', 120, null]);

  const kinds = wb.addWorksheet('Chế độ báo cáo');
  kinds.addRow([
    'Mã loại báo cáo',
    'Tên loại báo cáo',
    'Tần suất',
    'Các kỳ trong năm',
    'Tên kỳ báo cáo',
    'Mở kỳ',
    'Hạn gửi báo cáo',
    'Hạn tổng hợp',
    'Số liệu từ',
    'Số liệu đến',
    'Ngày mở (báo cáo một lần)',
    'Hạn (báo cáo một lần)',
    'Tính cả ngày hạn',
    'Cơ quan phải báo cáo',
    'Các năm báo cáo',
    'Hình thức báo cáo',
  ]);
  kinds.addRow([
    'so-ket',
    'Báo cáo sơ kết 6 tháng',
    '6 tháng',
    '1',
    'Báo cáo sơ kết 6 tháng đầu năm {year}',
    'ngày 1 tháng thứ 5',
    'ngày 20 tháng thứ 5',
    'ngày 30 tháng thứ 5',
    'ngày 15 tháng thứ 0',
    'ngày 14 tháng thứ 5',
    null,
    null,
    'Không',
  ]);
  kinds.addRow([
    'tong-ket',
    'Báo cáo tổng kết năm',
    'Hằng năm',
    '1',
    'Báo cáo tổng kết năm {year}',
    'ngày 1 tháng thứ 12',
    'ngày 20 tháng thứ 12',
    'ngày 25 tháng thứ 12',
    'ngày 15 tháng thứ 0',
    'ngày 14 tháng thứ 12',
    null,
    null,
    'Không',
  ]);
  kinds.addRow([
    'so-ket-giua-ky',
    'Báo cáo sơ kết giữa nhiệm kỳ',
    'Hằng năm',
    null,
    'Báo cáo sơ kết giữa nhiệm kỳ thực hiện Chương trình hành động (năm {year})',
    'ngày 1 tháng thứ 6',
    'ngày 20 tháng thứ 6',
    'ngày 30 tháng thứ 6',
    'ngày 15/12/2025',
    'ngày 14/6/2028',
    null,
    null,
    'Không',
    null,
    '2028',
    'Theo nhiệm vụ',
  ]);
  kinds.addRow([
    'ctr-hanh-dong',
    'Chương trình hành động của cấp ủy cơ sở',
    'Một lần',
    null,
    'Chương trình hành động của cấp ủy thực hiện đột phá phát triển kết cấu hạ tầng',
    null,
    null,
    null,
    null,
    null,
    '15/1/2026',
    '30/6/2026',
    'Không',
    'Đảng ủy xã Minh Bảo; Đảng ủy xã Yên Sơn; Đảng ủy phường Minh Xuân',
    null,
    'Văn bản',
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
