import { startTestApp, TestApp } from '../helpers/app';

/** Another province's deployment names its own department in every page's header. */
describe('ORGANIZATION_NAME', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { ORGANIZATION_NAME: 'Sở Xây dựng tỉnh Điện Biên' } });
  });
  afterAll(() => t.close());

  it('is shown in the header of the pages, and Cao Bằng is not', async () => {
    const page = await t.http().get('/login').expect(200);
    expect(page.text).toContain('<span class="org">Sở Xây dựng tỉnh Điện Biên</span>');
    expect(page.text).not.toContain('Sở Xây dựng tỉnh Cao Bằng');
  });
});
