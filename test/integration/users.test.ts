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
      password: 'Mật khẩu của Lan 2026',
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
    await login('stc-2', 'Mật khẩu của Lan 2026').expect(200);
    const taken = await t.http().post('/api/users').set('Authorization', admin).send(body).expect(409);
    expect(taken.body.code).toBe('USERNAME_TAKEN');
    const weak = await t
      .http()
      .post('/api/users')
      .set('Authorization', admin)
      .send({ ...body, username: 'stc-3', password: 'abc' })
      .expect(400);
    expect(weak.body.errors).toEqual([
      { path: 'password', message: 'Mật khẩu cần ít nhất 12 ký tự; nên dùng một cụm từ dễ nhớ, khó đoán.' },
    ]);
    await t
      .http()
      .post('/api/users')
      .set('Authorization', await t.bearer('coordinator'))
      .send({ ...body, username: 'stc-4' })
      .expect(403);
  });

  it('ends every session of a disabled account, which then signs in no more than with a wrong password', async () => {
    const token = await t.bearer('stc-ld');
    await t.http().get('/api/auth/me').set('Authorization', token).expect(200);
    await t.http().patch('/api/users/stc-ld').set('Authorization', admin).send({ disabled: true }).expect(200);
    await t.http().get('/api/auth/me').set('Authorization', token).expect(401);
    const refused = await login('stc-ld', 'Demo@2026').expect(401);
    // The same answer as a wrong password: the right one is not told apart (issue 17, item 7).
    expect(refused.body).toEqual((await login('stc-ld', 'not-the-password').expect(401)).body);
    expect(refused.body).toMatchObject({ code: 'UNAUTHORIZED', message: 'Tên đăng nhập hoặc mật khẩu không đúng.' });
    const self = await t.http().patch('/api/users/admin').set('Authorization', admin).send({ disabled: true }).expect(409);
    expect(self.body.code).toBe('SELF_LOCKOUT');
  });

  it('resets a password (old sessions end) and lets a user change their own', async () => {
    const old = await t.bearer('01290');
    await t
      .http()
      .post('/api/users/01290/reset-password')
      .set('Authorization', admin)
      .send({ newPassword: 'Mật khẩu mới 2026' })
      .expect(200);
    await t.http().get('/api/auth/me').set('Authorization', old).expect(401);
    const res = await login('01290', 'Mật khẩu mới 2026').expect(200);
    const mine = `Bearer ${res.body.accessToken}`;
    const wrong = await t
      .http()
      .post('/api/auth/password')
      .set('Authorization', mine)
      .send({ currentPassword: 'sai', newPassword: 'Một mật khẩu khác 2026' })
      .expect(400);
    expect(wrong.body.errors[0]).toEqual({ path: 'currentPassword', message: 'Mật khẩu hiện tại không đúng.' });
    await t
      .http()
      .post('/api/auth/password')
      .set('Authorization', mine)
      .send({ currentPassword: 'Mật khẩu mới 2026', newPassword: 'Một mật khẩu khác 2026' })
      .expect(200);
    await t.http().get('/api/auth/me').set('Authorization', mine).expect(200);
    await login('01290', 'Một mật khẩu khác 2026').expect(200);
    const audit = await t.db.query<
      {
        action: string;
        actor_username: string;
      }[]
    >(`SELECT action, actor_username FROM audit_log WHERE action LIKE 'user.%' ORDER BY id`);
    expect(audit.map((a) => a.action)).toEqual(['user.created', 'user.updated', 'user.password_reset', 'user.password_changed']);
  });
});
