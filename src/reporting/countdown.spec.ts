import { countdown } from './countdown';

const due = new Date('2026-05-20T00:00:00+07:00');

describe('countdown', () => {
  it.each([
    ['2026-05-13T08:00:00+07:00', 'còn 7 ngày', false],
    ['2026-05-17T08:00:00+07:00', 'còn 3 ngày', false],
    ['2026-05-18T23:59:00+07:00', 'còn 2 ngày', false],
    ['2026-05-19T08:00:00+07:00', 'còn 1 ngày', true],
    ['2026-05-19T23:59:59+07:00', 'còn 1 ngày', true],
    ['2026-05-20T00:00:00+07:00', 'đã quá hạn', false],
    ['2026-05-21T10:00:00+07:00', 'đã quá hạn 1 ngày', false],
    ['2026-05-23T08:00:00+07:00', 'đã quá hạn 3 ngày', false],
  ])('at %s says "%s"', (now, text, lastDay) => {
    expect(countdown(due, new Date(now))).toMatchObject({ text, lastDay });
  });
});
