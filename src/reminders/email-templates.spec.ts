import {
  AccountLinkData,
  AgencyReminderData,
  ConsolidationData,
  daysBetween,
  deadlineCountdown,
  deadlinePhrase,
  DigestData,
  EMAIL_KINDS,
  EmailKind,
  lastDayPhrase,
  renderEmail,
  ReviewNoticeData,
} from './email-templates';

const DUE = '2026-05-20T00:00:00+07:00';
const CONSOLIDATION_DUE = '2026-05-30T00:00:00+07:00';
const LINK = 'https://baocao.caobang.example/periods/7d3c/report';

function reminder(remindedAt: string, over: Partial<AgencyReminderData> = {}): AgencyReminderData {
  return {
    agencyCode: 'STC',
    agencyName: 'Sở Tài chính',
    periodLabel: 'Báo cáo 6 tháng đầu năm 2026',
    dueAt: DUE,
    consolidationDueAt: CONSOLIDATION_DUE,
    remindedAt,
    rule: 'D-7',
    tasks: [
      { code: 'II.2.(3).c', title: 'Bố trí vốn đầu tư phát triển cho các dự án hạ tầng đô thị' },
      { code: 'II.1.(4)', title: 'Huy động nguồn vốn ngoài ngân sách cho dự án giao thông' },
    ],
    link: LINK,
    headNames: ['Nguyễn Văn An'],
    ...over,
  };
}

const digest = (over: Partial<DigestData> = {}): DigestData => ({
  periodLabel: 'Báo cáo 6 tháng đầu năm 2026',
  dueAt: DUE,
  consolidationDueAt: CONSOLIDATION_DUE,
  date: '2026-05-21T08:00:00+07:00',
  expected: 64,
  submitted: 62,
  missing: [
    { code: '01273', name: 'UBND xã Bảo Lâm', state: 'none' },
    { code: '01290', name: 'UBND xã Lý Bôn', state: 'draft' },
    { code: 'SCT', name: 'Sở Công Thương', state: 'returned' },
  ],
  link: 'https://baocao.caobang.example/periods/7d3c/reports',
  ...over,
});

const consolidation = (over: Partial<ConsolidationData> = {}): ConsolidationData => ({
  periodLabel: 'Báo cáo 6 tháng đầu năm 2026',
  dueAt: DUE,
  consolidationDueAt: CONSOLIDATION_DUE,
  remindedAt: '2026-05-27T08:00:00+07:00',
  rule: 'C-3',
  expected: 64,
  submitted: 60,
  missing: 4,
  link: 'https://baocao.caobang.example/periods/7d3c/reports',
  ...over,
});

const review = (over: Partial<ReviewNoticeData> = {}): ReviewNoticeData => ({
  agencyName: 'Sở Tài chính',
  periodLabel: 'Báo cáo 6 tháng đầu năm 2026',
  dueAt: DUE,
  at: '2026-05-24T10:15:00+07:00',
  reviewer: 'Cán bộ tổng hợp Sở Xây dựng',
  comment: 'Đề nghị bổ sung số liệu giải ngân của dự án II.2.(3).c.',
  link: LINK,
  ...over,
});

const accountLink = (over: Partial<AccountLinkData> = {}): AccountLinkData => ({
  purpose: 'welcome',
  displayName: 'Nguyễn Thị Lan',
  username: 'stc-2',
  agencyName: 'Sở Tài chính',
  link: 'https://baocao.caobang.example/login/link/q3VhZ2Vfb25lX3RpbWVfdG9rZW5fZm9yX3Rlc3Rz',
  expiresAt: '2026-11-25T09:00:00+07:00',
  loginLink: 'https://baocao.caobang.example/login',
  ...over,
});

const D7 = '2026-05-13T08:00:00+07:00';
const D1 = '2026-05-19T08:00:00+07:00';
const D3_LATE = '2026-05-23T08:00:00+07:00';

/** Tags and character references that must never reach the plain-text part. */
const HTML_IN_TEXT = /<[a-z!/]|&(?:[a-z]+|#\d+|#x[0-9a-f]+);/i;

describe('daysBetween', () => {
  it('counts calendar days, across months and years, negative backwards', () => {
    const d = (year: number, month: number, day: number) => ({ year, month, day });
    expect(daysBetween(d(2026, 5, 13), d(2026, 5, 20))).toBe(7);
    expect(daysBetween(d(2026, 5, 20), d(2026, 5, 23))).toBe(3);
    expect(daysBetween(d(2026, 4, 28), d(2026, 5, 2))).toBe(4);
    expect(daysBetween(d(2026, 12, 30), d(2027, 1, 2))).toBe(3);
    expect(daysBetween(d(2028, 2, 28), d(2028, 3, 1))).toBe(2);
    expect(daysBetween(d(2026, 5, 20), d(2026, 5, 13))).toBe(-7);
    expect(daysBetween(d(2026, 5, 20), d(2026, 5, 20))).toBe(0);
  });
});

describe('deadlineCountdown (due 20/5/2026 00:00, last day 19/5)', () => {
  const due = new Date(DUE);
  it.each([
    ['2026-05-13T08:00:00+07:00', false, 7, 'còn 7 ngày'],
    ['2026-05-17T08:00:00+07:00', false, 3, 'còn 3 ngày'],
    ['2026-05-19T08:00:00+07:00', false, 1, 'còn 1 ngày'],
    ['2026-05-19T23:59:59+07:00', false, 1, 'còn 1 ngày'],
    ['2026-05-20T00:00:00+07:00', true, 0, 'đã quá hạn'],
    ['2026-05-21T08:00:00+07:00', true, 1, 'đã quá hạn 1 ngày'],
    ['2026-05-23T08:00:00+07:00', true, 3, 'đã quá hạn 3 ngày'],
    // Just after midnight ICT, still the previous day in UTC and in Los Angeles.
    ['2026-05-12T17:30:00Z', false, 7, 'còn 7 ngày'],
    // Late evening ICT, already the next day in Kiritimati (UTC+14).
    ['2026-05-13T23:30:00+07:00', false, 7, 'còn 7 ngày'],
    ['2026-05-22T17:30:00Z', true, 3, 'đã quá hạn 3 ngày'],
  ])('at %s: overdue=%s, %d days, "%s"', (at, overdue, days, text) => {
    expect(deadlineCountdown(due, new Date(at))).toMatchObject({ overdue, days, text });
  });

  it('flags the last day', () => {
    expect(deadlineCountdown(due, new Date(D1)).lastDay).toBe(true);
    expect(deadlineCountdown(due, new Date(D7)).lastDay).toBe(false);
  });
});

describe('deadline phrases', () => {
  it('read the due instant in Asia/Ho_Chi_Minh, day and month without leading zeros', () => {
    expect(deadlinePhrase(new Date(DUE))).toBe('trước ngày 20/5/2026');
    expect(deadlinePhrase(new Date('2026-05-19T17:00:00Z'))).toBe('trước ngày 20/5/2026');
    expect(deadlinePhrase(new Date('2026-04-10T00:00:00+07:00'))).toBe('trước ngày 10/4/2026');
    expect(lastDayPhrase(new Date(DUE))).toBe('hết ngày 19/5/2026');
    expect(lastDayPhrase(new Date('2026-04-10T00:00:00+07:00'))).toBe('hết ngày 9/4/2026');
  });

  it('name the hour of a deadline that is not at midnight', () => {
    expect(deadlinePhrase(new Date('2026-05-20T17:00:00+07:00'))).toBe('trước 17:00 ngày 20/5/2026');
    expect(lastDayPhrase(new Date('2026-05-20T17:00:00+07:00'))).toBeNull();
  });
});

describe('renderEmail subjects', () => {
  it.each<[EmailKind, object, string]>([
    ['before_deadline', reminder(D7), '[Nhắc hạn] Báo cáo 6 tháng đầu năm 2026 – hạn gửi trước ngày 20/5/2026'],
    ['overdue', reminder(D3_LATE, { rule: 'D+3' }), '[Quá hạn] Báo cáo 6 tháng đầu năm 2026 – đã quá hạn 3 ngày'],
    [
      'escalation',
      reminder(D3_LATE, { rule: 'D+3' }),
      '[Quá hạn – gửi Lãnh đạo đơn vị] Báo cáo 6 tháng đầu năm 2026 – Sở Tài chính chưa gửi báo cáo, đã quá hạn 3 ngày',
    ],
    [
      'digest',
      digest(),
      '[Tổng hợp ngày 21/5/2026] Báo cáo 6 tháng đầu năm 2026: còn 2 đơn vị chưa gửi báo cáo, 1 báo cáo bị trả lại chưa gửi lại',
    ],
    ['consolidation', consolidation(), '[Hạn tổng hợp] Báo cáo 6 tháng đầu năm 2026 – báo cáo UBND tỉnh trước ngày 30/5/2026'],
    ['returned', review(), '[Trả lại] Báo cáo 6 tháng đầu năm 2026 – đề nghị Sở Tài chính bổ sung, gửi lại'],
    ['accepted', review({ comment: null }), '[Đã tiếp nhận] Báo cáo 6 tháng đầu năm 2026 – Sở Tài chính'],
  ])('%s', (kind, data, subject) => {
    expect(renderEmail(kind, data as never).subject).toBe(subject);
  });

  it('keep the subject on one line whatever the data holds', () => {
    const { subject } = renderEmail('before_deadline', reminder(D7, { periodLabel: 'Báo cáo 6 tháng\r\nđầu năm 2026 ' }));
    expect(subject).toBe('[Nhắc hạn] Báo cáo 6 tháng đầu năm 2026 – hạn gửi trước ngày 20/5/2026');
  });

  it('name the one-off implementation plan and its own deadline', () => {
    const data = reminder('2026-04-03T08:00:00+07:00', {
      periodLabel: 'Kế hoạch triển khai thực hiện của cơ quan, đơn vị',
      dueAt: '2026-04-10T00:00:00+07:00',
      consolidationDueAt: null,
    });
    const mail = renderEmail('before_deadline', data);
    expect(mail.subject).toBe('[Nhắc hạn] Kế hoạch triển khai thực hiện của cơ quan, đơn vị – hạn gửi trước ngày 10/4/2026');
    expect(mail.text).toContain('hết ngày 9/4/2026');
    expect(mail.text).toContain('còn 7 ngày');
  });
});

describe('renderEmail bodies', () => {
  it('D-7: greets the agency, gives the deadline, the days left, the tasks still to report on and the link', () => {
    const { text, html } = renderEmail('before_deadline', reminder(D7));
    expect(text).toContain('Kính gửi: Sở Tài chính');
    expect(text).toContain('trước ngày 20/5/2026');
    expect(text).toContain('hết ngày 19/5/2026');
    expect(text).toContain('còn 7 ngày');
    expect(text).toContain('chế độ báo cáo của Kế hoạch');
    expect(text).toContain('II.2.(3).c – Bố trí vốn đầu tư phát triển cho các dự án hạ tầng đô thị');
    expect(text).toContain('II.1.(4) – Huy động nguồn vốn ngoài ngân sách cho dự án giao thông');
    expect(text).toContain(LINK);
    expect(text).toContain('Sở Xây dựng tỉnh Cao Bằng');
    for (const s of ['Kính gửi', 'trước ngày 20/5/2026', 'còn 7 ngày', 'II.2.(3).c', 'Bố trí vốn đầu tư phát triển', `href="${LINK}"`]) {
      expect(html).toContain(s);
    }
  });

  it('D-1 says one day is left and that today is the last day', () => {
    const { text } = renderEmail('before_deadline', reminder(D1, { rule: 'D-1' }));
    expect(text).toContain('còn 1 ngày');
    expect(text).toContain('hôm nay là ngày cuối');
  });

  it('D+3 says the report is 3 days overdue', () => {
    const { text } = renderEmail('overdue', reminder(D3_LATE, { rule: 'D+3' }));
    expect(text).toContain('Kính gửi: Sở Tài chính');
    expect(text).toContain('đã quá hạn 3 ngày');
    expect(text).toContain('trước ngày 30/5/2026');
    expect(text).not.toContain('còn ');
  });

  it('says so when no task is left to report on: only the sending remains', () => {
    const { text, html } = renderEmail('before_deadline', reminder(D7, { tasks: [] }));
    expect(text).toContain('không còn nhiệm vụ chủ trì nào chưa cập nhật kết quả');
    expect(text).toContain('“Gửi báo cáo”');
    expect(html).toContain('không còn nhiệm vụ chủ trì nào chưa cập nhật kết quả');
  });

  it('escalation is addressed to the agency head, with the coordinator in copy', () => {
    const { text } = renderEmail('escalation', reminder(D3_LATE, { rule: 'D+3' }));
    expect(text).toContain('Kính gửi: Lãnh đạo Sở Tài chính');
    expect(text).toContain('đã quá hạn 3 ngày');
    expect(text).toContain('Nguyễn Văn An');
    expect(text).toContain('đồng gửi cán bộ theo dõi, tổng hợp báo cáo của Sở Xây dựng');
  });

  it('digest lists the missing agencies with their state', () => {
    const { text, html } = renderEmail('digest', digest());
    // The status page's counts: the returned report was received; two agencies never sent.
    expect(text).toContain('Đã gửi báo cáo: 62 (trong đó 1 báo cáo bị trả lại, chưa gửi lại)');
    expect(text).toContain('Chưa gửi báo cáo: 2 (trong đó 1 đơn vị đang soạn)');
    expect(text).toContain('1. UBND xã Bảo Lâm – chưa gửi');
    expect(text).toContain('2. UBND xã Lý Bôn – đang soạn');
    expect(text).toContain('3. Sở Công Thương – bị trả lại, chưa gửi lại');
    expect(text).toContain('trước ngày 20/5/2026 (đã quá hạn 1 ngày)');
    expect(text).toContain('trước ngày 30/5/2026 (còn 9 ngày)');
    expect(text).toContain('https://baocao.caobang.example/periods/7d3c/reports');
    expect(html).toContain('UBND xã Bảo Lâm');
  });

  it('digest takes a plain date too', () => {
    expect(renderEmail('digest', digest({ date: '2026-05-23' })).subject).toContain('[Tổng hợp ngày 23/5/2026]');
  });

  it('consolidation gives the deadline to the Provincial People’s Committee and the counts', () => {
    const { text } = renderEmail('consolidation', consolidation());
    expect(text).toContain('báo cáo UBND tỉnh trước ngày 30/5/2026');
    expect(text).toContain('còn 3 ngày');
    expect(text).toContain('Chưa gửi báo cáo: 4');
  });

  it('returned carries the coordinator’s comment; accepted thanks the agency', () => {
    const returned = renderEmail('returned', review());
    expect(returned.text).toContain('Kính gửi: Sở Tài chính');
    expect(returned.text).toContain('Đề nghị bổ sung số liệu giải ngân của dự án II.2.(3).c.');
    expect(returned.text).toContain('10:15 ngày 24/5/2026');
    expect(returned.text).toContain(LINK);
    const accepted = renderEmail('accepted', review({ comment: null }));
    expect(accepted.text).toContain('đã tiếp nhận');
    expect(accepted.text).toContain('cảm ơn');
    expect(accepted.text).not.toContain('Ý kiến');
  });
});

describe('renderEmail account links', () => {
  it('welcomes a new account with its username, the one-time link and when it expires', () => {
    const { subject, text, html } = renderEmail('account_link', accountLink());
    expect(subject).toBe('Tài khoản của bạn trên hệ thống báo cáo');
    expect(text).toContain('Kính gửi: Nguyễn Thị Lan');
    expect(text).toContain('Tên đăng nhập: stc-2');
    expect(text).toContain('(đơn vị: Sở Tài chính)');
    expect(text).toContain('Đặt mật khẩu: https://baocao.caobang.example/login/link/');
    expect(text).toContain('chỉ dùng được một lần và có hiệu lực đến 09:00 ngày 25/11/2026');
    expect(html).toContain('href="https://baocao.caobang.example/login/link/');
  });

  it('says a reset ended the old password, and reads the expiry in Asia/Ho_Chi_Minh', () => {
    const { subject, text } = renderEmail('account_link', accountLink({ purpose: 'reset', expiresAt: '2026-11-24T20:30:00Z' }));
    expect(subject).toBe('[Đặt lại mật khẩu] Tài khoản của bạn trên hệ thống báo cáo');
    expect(text).toContain('Mật khẩu cũ không còn dùng được');
    expect(text).toContain('có hiệu lực đến 03:30 ngày 25/11/2026');
  });
});

describe('renderEmail safety and form', () => {
  const all: [EmailKind, object][] = [
    ['before_deadline', reminder(D7)],
    ['overdue', reminder(D3_LATE)],
    ['escalation', reminder(D3_LATE)],
    ['digest', digest()],
    ['consolidation', consolidation()],
    ['returned', review()],
    ['accepted', review()],
    ['account_link', accountLink()],
    [
      'chain_input',
      {
        agencyName: 'UBND tỉnh Cao Bằng',
        periodLabel: 'Báo cáo 6 tháng đầu năm 2026',
        dueAt: '2026-06-10T00:00:00+07:00',
        fromName: 'Sở Xây dựng tỉnh Cao Bằng',
        fromPeriodLabel: 'Báo cáo 6 tháng đầu năm 2026',
        basis: 'Căn cứ Báo cáo số 12/BC-SXD ngày 25/5/2026 của Sở Xây dựng tỉnh Cao Bằng',
        fileName: 'bao-cao-tong-hop-KH-6-thang.docx',
        link: 'https://baocao.example.vn/periods/1/report',
      },
    ],
  ];

  it('covers every kind', () => {
    expect(all.map(([k]) => k)).toEqual([...EMAIL_KINDS]);
  });

  it.each(all)('%s: an HTML document in Vietnamese, a text part without HTML, both with the link', (kind, data) => {
    const { html, text } = renderEmail(kind, data as never);
    expect(html).toMatch(/^<!DOCTYPE html>\s*<html lang="vi">/);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('name="viewport"');
    expect(text).not.toMatch(HTML_IN_TEXT);
    expect(text).toContain('Kính gửi');
    expect(text).toContain((data as { link: string }).link);
    expect(text.split('\n').every((line) => line === line.trimEnd())).toBe(true);
  });

  it('escapes data in HTML and shows it as is in text', () => {
    const evil = '<script>alert("x")</script> & Co';
    const reminderMail = renderEmail('overdue', reminder(D3_LATE, { agencyName: evil, tasks: [{ code: 'X.1', title: '<b>đậm</b>' }] }));
    expect(reminderMail.html).not.toContain('<script>');
    expect(reminderMail.html).not.toContain('<b>đậm');
    expect(reminderMail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
    expect(reminderMail.text).toContain(`Kính gửi: ${evil}`);
    expect(reminderMail.text).toContain('X.1 – <b>đậm</b>');

    const returned = renderEmail('returned', review({ agencyName: evil, comment: 'Bổ sung số liệu <giải ngân>.\n<script>x()</script>' }));
    expect(returned.html).not.toContain('<script>');
    expect(returned.html).toContain('Bổ sung số liệu &lt;giải ngân&gt;.');
    expect(returned.html).toContain('<title>[Trả lại] Báo cáo 6 tháng đầu năm 2026 – đề nghị &lt;script&gt;');
    expect(returned.text).toContain('Bổ sung số liệu <giải ngân>.\n<script>x()</script>');
    expect(returned.text).not.toContain('&lt;');

    const digestMail = renderEmail('digest', digest({ missing: [{ code: 'X', name: '<img src=x onerror=alert(1)>', state: 'none' }] }));
    expect(digestMail.html).not.toContain('<img');
  });

  it('returns NFC even from decomposed data', () => {
    const nfd = (s: string) => s.normalize('NFD');
    const data = reminder(D7, {
      agencyName: nfd('Sở Tài chính'),
      periodLabel: nfd('Báo cáo 6 tháng đầu năm 2026'),
      tasks: [{ code: 'II.1.(2)', title: nfd('Đường cao tốc Đồng Đăng – Trà Lĩnh') }],
    });
    const mail = renderEmail('before_deadline', data);
    for (const part of [mail.subject, mail.html, mail.text]) expect(part).toBe(part.normalize('NFC'));
    expect(mail.text).toContain('Kính gửi: Sở Tài chính');
    expect(mail.text).toContain('Đường cao tốc Đồng Đăng – Trà Lĩnh');
    expect(mail.subject).toBe('[Nhắc hạn] Báo cáo 6 tháng đầu năm 2026 – hạn gửi trước ngày 20/5/2026');
  });

  it('reads instants in Asia/Ho_Chi_Minh whatever their offset and the process TZ', () => {
    // 13/5 00:30 ICT is still 12/5 in UTC and in Los Angeles; 13/5 23:30 ICT is 14/5 in Kiritimati.
    for (const at of ['2026-05-12T17:30:00Z', '2026-05-13T23:30:00+07:00', '2026-05-13T02:30:00-05:00']) {
      const mail = renderEmail('before_deadline', reminder(at, { dueAt: '2026-05-19T17:00:00Z' }));
      expect(mail.text).toContain('Tính đến ngày 13/5/2026, thời hạn gửi báo cáo còn 7 ngày.');
      expect(mail.subject).toBe('[Nhắc hạn] Báo cáo 6 tháng đầu năm 2026 – hạn gửi trước ngày 20/5/2026');
    }
    expect(renderEmail('returned', review({ at: '2026-05-23T20:00:00Z' })).text).toContain('Lúc 03:00 ngày 24/5/2026');
  });

  it('refuses an instant without an offset rather than reading it in the process TZ', () => {
    expect(() => renderEmail('before_deadline', reminder('2026-05-13T08:00:00'))).toThrow(/remindedAt/);
    expect(() => renderEmail('digest', digest({ dueAt: 'soon' }))).toThrow(/dueAt/);
  });

  it('refuses an unknown kind', () => {
    expect(() => renderEmail('birthday' as EmailKind, reminder(D7))).toThrow(/Unknown email kind/);
  });

  it('renders the same mail again from its cached templates', () => {
    const first = renderEmail('digest', digest());
    expect(renderEmail('digest', digest())).toEqual(first);
  });

  it("is signed by the plan's own sender and names the plan's own recipient", () => {
    const sender = { name: 'Ban Tuyên giáo Tỉnh ủy Tuyên Quang', shortName: 'Ban Tuyên giáo Tỉnh ủy', recipient: 'Ban Thường vụ Tỉnh ủy' };
    const { text, html } = renderEmail('digest', digest(), sender);
    expect(text).toContain('Ban Tuyên giáo Tỉnh ủy Tuyên Quang');
    expect(html).toContain('Ban Tuyên giáo Tỉnh ủy Tuyên Quang');
    expect(text).toContain('Hạn báo cáo Ban Thường vụ Tỉnh ủy');
    expect(text).not.toContain('Cao Bằng');
    expect(text).not.toContain('UBND tỉnh');
    const reminder7 = renderEmail('before_deadline', reminder(D7), sender);
    expect(reminder7.text).toContain('Ban Tuyên giáo Tỉnh ủy đề nghị Quý cơ quan');
    expect(reminder7.text).not.toContain('Sở Xây dựng');
  });
});
