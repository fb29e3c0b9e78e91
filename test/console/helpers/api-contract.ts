import type { Services } from '../../../server/services';
import type * as C from '../../../console/src/api/types';

// Compile-time contract: what the services return (sent as JSON, dates as ISO
// text) must fit what the console reads; the shapes it shares with the
// mini-program are checked in test/miniprogram/helpers/api-contract.ts.
// `npx tsc --noEmit -p tsconfig.json` fails here when a field the console uses
// is renamed or retyped on the server.

type Out<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;
type Fits<A extends B, B> = A;

export type Contract = [
  Fits<Out<Services['auth']['devUsers']>, C.DevUser[]>,
  Fits<ReturnType<Services['auth']['loginOptions']>, C.LoginOptions>,
  Fits<Out<Services['todo']['mine']>, { items: C.TodoItem[] }>,
  Fits<Out<Services['hearings']['list']>, C.Paged<C.Hearing>>,
  Fits<Out<Services['hearingImport']['import']>, C.ImportResult>,
  Fits<Out<Services['calendar']['getYear']>, C.CalendarYear>,
  Fits<Out<Services['agencies']['list']>, C.AgencyDetail[]>,
  Fits<Out<Services['users']['list']>, C.Paged<C.StaffUser>>,
  Fits<Out<Services['auth']['issueApiToken']>, { token: string }>,
  Fits<Out<Services['linkage']['list']>, C.Paged<C.LinkageItem>>,
  Fits<Out<Services['linkage']['get']>, C.LinkageDetail>,
  Fits<Out<Services['reports']['figures']>, C.ReportFigures>,
];
