import { startTestApp, TestApp } from '../helpers/app';

describe('accounts', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.bearer('admin');
  });
  afterAll(() => t.close());

  const login = (username: string, password: string) => t.http().post('/api/auth/login').send({ username, password });

  it('lets the administrator create an account in an agency, and refuses a weak password or a taken name', async () => {
    const body = {
      username: 'stc-2',
      displayName: 'Nguyễn Thị Lan',
      email: 'lan@stc.example',
      role: 'reporter',
      agencyCode: 'STC',
      password: 'Matkhau2026',
    };
    const created = await t.http().post('/api/users').set('Authorization', admin).send(body).expect(201);
    expect(created.body).toEqual({
      username: 'stc-2',
      displayName: 'Nguyễn Thị Lan',
      email: 'lan@stc.example',
      role: 'reporter',
      agencyCode: 'STC',
      disabled: false,
    });
    await login('stc-2', 'Matkhau2026').expect(200);
    const taken = await t.http().post('/api/users').set('Authorization', admin).send(body).expect(409);
    expect(taken.body.code).toBe('USERNAME_TAKEN');
    const weak = await t
      .http()
      .post('/api/users')
      .set('Authorization', admin)
      .send({ ...body, username: 'stc-3', password: 'abc' })
      .expect(400);
    expect(weak.body.errors).toEqual([{ path: 'password', message: 'Mật khẩu cần ít nhất 8 ký tự, gồm cả chữ và số.' }]);
    await t
      .http()
      .post('/api/users')
      .set('Authorization', await t.bearer('coordinator'))
      .send({ ...body, username: 'stc-4' })
      .expect(403);
  });

  it('ends every session of a disabled account and says why it cannot sign in', async () => {
    const token = await t.bearer('stc-ld');
    await t.http().get('/api/auth/me').set('Authorization', token).expect(200);
    await t.http().patch('/api/users/stc-ld').set('Authorization', admin).send({ disabled: true }).expect(200);
    await t.http().get('/api/auth/me').set('Authorization', token).expect(401);
    const refused = await login('stc-ld', 'Demo@2026').expect(401);
    expect(refused.body).toMatchObject({ code: 'ACCOUNT_DISABLED', message: 'Tài khoản đã bị khóa. Vui lòng liên hệ quản trị viên.' });
    const self = await t.http().patch('/api/users/admin').set('Authorization', admin).send({ disabled: true }).expect(409);
    expect(self.body.code).toBe('SELF_LOCKOUT');
  });

  it('resets a password (old sessions end) and lets a user change their own', async () => {
    const old = await t.bearer('01290');
    await t.http().post('/api/users/01290/reset-password').set('Authorization', admin).send({ newPassword: 'Moi2026abc' }).expect(200);
    await t.http().get('/api/auth/me').set('Authorization', old).expect(401);
    const res = await login('01290', 'Moi2026abc').expect(200);
    const mine = `Bearer ${res.body.accessToken}`;
    const wrong = await t
      .http()
      .post('/api/auth/password')
      .set('Authorization', mine)
      .send({ currentPassword: 'sai', newPassword: 'Khac2026xyz' })
      .expect(400);
    expect(wrong.body.errors[0]).toEqual({ path: 'currentPassword', message: 'Mật khẩu hiện tại không đúng.' });
    await t
      .http()
      .post('/api/auth/password')
      .set('Authorization', mine)
      .send({ currentPassword: 'Moi2026abc', newPassword: 'Khac2026xyz' })
      .expect(200);
    await t.http().get('/api/auth/me').set('Authorization', mine).expect(200);
    await login('01290', 'Khac2026xyz').expect(200);
    const audit = await t.db.query<
      {
        action: string;
        actor_username: string;
      }[]
    >(`SELECT action, actor_username FROM audit_log WHERE action LIKE 'user.%' ORDER BY id`);
    expect(audit.map((a) => a.action)).toEqual(['user.created', 'user.updated', 'user.password_reset', 'user.password_changed']);
  });
});
