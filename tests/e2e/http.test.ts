// The foundation as a client sees it, over real HTTP against a started server on the demo
// province: log in, read customers in scope, load a file with bad rows, fetch its error file.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer } from '../harness/server.ts';

let server: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  server = await startTestServer({ customers: 2_000 });
});
afterAll(() => server?.close());

async function login(username: string) {
  const res = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'qingyuan2026' }),
  });
  expect(res.status).toBe(200);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

it('serves health, the web app and the API docs', async () => {
  expect(await (await fetch(`${server.url}/healthz`)).json()).toMatchObject({ ok: true });
  const page = await fetch(`${server.url}/customers`);
  expect(page.headers.get('content-type')).toContain('text/html');
  expect((await fetch(`${server.url}/docs/json`)).status).toBe(200);
  expect((await fetch(`${server.url}/api/v1/nope`)).status).toBe(404);
});

it('lets each demo user in, and cuts the customer list to their scope', async () => {
  const kunming = await login('kunming');
  const mine = await (
    await fetch(`${server.url}/api/v1/customers?pageSize=200`, { headers: { cookie: kunming } })
  ).json();
  expect(mine.total).toBeGreaterThan(0);
  expect(new Set(mine.items.map((c: { cityName: string }) => c.cityName))).toEqual(new Set(['昆明供电公司']));
  const coordinator = await login('coordinator');
  const all = await (
    await fetch(`${server.url}/api/v1/customers`, { headers: { cookie: coordinator } })
  ).json();
  expect(all.total).toBe(2_000);
  expect(all.total).toBeGreaterThan(mine.total);
  for (const u of ['admin', 'agent', 'manager', 'qujing']) await login(u);
});

it('loads an uploaded file: good rows in, bad rows in the error file, loaded + rejected = rows', async () => {
  const cookie = await login('coordinator');
  const station = (
    await (await fetch(`${server.url}/api/v1/customers?pageSize=1`, { headers: { cookie } })).json()
  ).items[0].stationCode;
  const csv = [
    '户号,户名,用户类型,证件类型,证件号码,手机号码,固定电话,用电地址,供电单位编码,状态',
    `E2E1,测试甲,居民,其他,,13812340000,,地址,${station},在用`,
    `E2E2,测试乙,工业,其他,,,,地址,${station},在用`,
    `E2E3,测试丙,居民,其他,,,,地址,NO-SUCH-STATION,在用`,
  ].join('\r\n');
  const form = new FormData();
  form.append('file', new Blob([csv], { type: 'text/csv' }), '客户.csv');
  const res = await fetch(`${server.url}/api/v1/loads/customers`, {
    method: 'POST',
    headers: { cookie },
    body: form,
  });
  expect(res.status).toBe(200);
  const { batch } = await res.json();
  expect(batch).toMatchObject({
    fileName: '客户.csv',
    status: 'completed',
    rowsTotal: 3,
    rowsLoaded: 1,
    rowsRejected: 2,
  });
  const errors = await (
    await fetch(`${server.url}/api/v1/loads/${batch.id}/errors.csv`, { headers: { cookie } })
  ).text();
  expect(errors).toContain('用户类型“工业”无效');
  expect(errors).toContain('NO-SUCH-STATION');
});
