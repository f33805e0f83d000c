import { countdown } from './countdown';

const due = new Date('2026-05-20T00:00:00+07:00');

describe('countdown', () => {
  it.each([
    ['2026-05-16T09:00:00+07:00', 'còn 3 ngày'],
    ['2026-05-18T23:59:00+07:00', 'còn 1 ngày'],
    ['2026-05-19T08:00:00+07:00', 'hôm nay là ngày cuối'],
    ['2026-05-19T23:59:59+07:00', 'hôm nay là ngày cuối'],
    ['2026-05-20T00:00:00+07:00', 'quá hạn 1 ngày'],
    ['2026-05-21T10:00:00+07:00', 'quá hạn 2 ngày'],
  ])('at %s says "%s"', (now, text) => {
    expect(countdown(due, new Date(now)).text).toBe(text);
  });
});
