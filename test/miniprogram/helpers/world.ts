import { compiled, type ClockModule } from './compiled';
import { CLIENT_NOW, FakeApi } from './fake-api';
import { installFakeWx, type FakeWx } from './fake-wx';

const { setClock } = compiled<ClockModule>('services/clock.js');

// A fresh fake API and a fresh wx for one test (page tests run serially), with
// the mini-program's clock fixed at CLIENT_NOW whatever day the tests run.
export function world(): { server: FakeApi; wx: FakeWx } {
  setClock(() => CLIENT_NOW);
  const server = new FakeApi();
  return { server, wx: installFakeWx(server.handle) };
}
