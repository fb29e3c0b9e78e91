import { FakeApi } from './fake-api';
import { installFakeWx, type FakeWx } from './fake-wx';

// A fresh fake API and a fresh wx for one test (page tests run serially).
export function world(): { server: FakeApi; wx: FakeWx } {
  const server = new FakeApi();
  return { server, wx: installFakeWx(server.handle) };
}
