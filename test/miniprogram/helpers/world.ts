import { compiled, type ClockModule } from './compiled';
import { CLIENT_NOW, FakeApi } from './fake-api';
import { installFakeWx, settle, type FakeWx } from './fake-wx';
import { loadPage, type PageHandle } from './simulate';

const { setClock } = compiled<ClockModule>('services/clock.js');

// A fresh fake API and a fresh wx for one test (page tests run serially), with
// the mini-program's clock fixed at CLIENT_NOW whatever day the tests run.
export interface World {
  server: FakeApi;
  wx: FakeWx;
}

export function world(): World {
  setClock(() => CLIENT_NOW);
  const server = new FakeApi();
  return { server, wx: installFakeWx(server.handle) };
}

// A fresh world with dispute 101's detail page opened as WeChat opens it
// (onLoad, then onShow) and its requests answered; `setUp` shapes the fake
// API's data first.
export async function openDisputeDetail(setUp: (w: World) => void = () => undefined): Promise<World & { page: PageHandle }> {
  const w = world();
  setUp(w);
  const page = loadPage('dispute');
  page.call('onLoad', { id: '101' });
  page.call('onShow');
  await settle(w.wx);
  return { ...w, page };
}
