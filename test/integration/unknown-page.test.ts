import { startTestApp, TestApp } from '../helpers/app';

/** An address no route has: a browser gets the Vietnamese page, the API and scripts its JSON code. */
describe('an unknown address', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ now: '2026-05-12T10:00:00+07:00' });
  });
  afterAll(() => t?.close());

  it('answers a browser with a Vietnamese 404 page', async () => {
    const res = await t.http().get('/khong-co-trang-nay').set('Accept', 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8').expect(404);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.text).toContain('<html lang="vi">');
    expect(res.text.normalize('NFC')).toContain('<h1>Không tìm thấy trang</h1>');
  });

  it('answers the API, and a client that asks for no page, with the JSON code', async () => {
    const api = await t.http().get('/api/khong-co').set('Accept', 'text/html').expect(404);
    expect(api.body).toMatchObject({ code: 'NOT_FOUND' });
    const script = await t.http().get('/khong-co-trang-nay').expect(404);
    expect(script.body).toMatchObject({ code: 'NOT_FOUND' });
  });
});
