import { PASSWORD_COMMON, PASSWORD_POLICY, PASSWORD_TOO_LONG, passwordProblem } from './passwords';

describe('the password policy (OWASP ASVS 2.1)', () => {
  it.each([
    ['aaaaaaa1', PASSWORD_POLICY],
    ['Demo@2026', PASSWORD_POLICY],
    ['Matkhau2026', PASSWORD_POLICY],
    ['ab          cd', PASSWORD_POLICY],
    ['aaaaaaaaaaaa', PASSWORD_COMMON],
    ['123456789012', PASSWORD_COMMON],
    ['Password123456', PASSWORD_COMMON],
    ['Mat khau 123456', PASSWORD_COMMON],
    ['abababababab1', PASSWORD_COMMON],
    ['x'.repeat(60) + 'yzuvw'.repeat(20), PASSWORD_TOO_LONG],
  ])('refuses %j', (password, problem) => {
    expect(passwordProblem(password)).toBe(problem);
  });

  it.each(['Cầu Bản Giới mùa lũ', 'correct horse battery', 'Nuoc-Hai-2026!', '🌸 hoa đào Tết 2027'])('accepts %j', (password) => {
    expect(passwordProblem(password)).toBeNull();
  });
});
