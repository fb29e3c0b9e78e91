import type { Services } from '../../../server/services';
import type * as Mp from '../../../miniprogram/services/types';

// Compile-time contract: what the server's services return (the routes send
// these as JSON, dates as ISO text) must fit what the mini-program reads.
// `npx tsc --noEmit -p tsconfig.json` fails here when a field the pages use
// is renamed or retyped on the server.

type Out<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;
type In<F extends (...args: never[]) => unknown> = Parameters<F>[0];
type Fits<A extends B, B> = A;

export type Contract = [
  Fits<Out<Services['auth']['mpLogin']>['user'], Mp.LoginResult['user']>,
  // Both ways: the places answer is exactly the mini-program's type.
  Fits<Out<Services['places']['list']>, Mp.Places>,
  Fits<Mp.Places, Out<Services['places']['list']>>,
  Fits<Out<Services['disputes']['file']>, Mp.FiledDispute>,
  // What the filing form sends that the service reads as is (the route checks the rest).
  Fits<Required<Pick<Mp.NewDispute, 'callback' | 'phone' | 'description'>>, Pick<In<Services['disputes']['file']>, 'callback' | 'phone' | 'description'>>,
  Fits<Out<Services['disputes']['list']>, Mp.Paged<Mp.DisputeListItem>>,
  Fits<Out<Services['disputes']['get']>, Mp.DisputeDetail>,
  Fits<Out<Services['disputes']['postMessage']>, Mp.PostedEntry>,
  Fits<Out<Services['disputes']['extensions']['consent']>, Mp.DisputeExtension>,
  Fits<Out<Services['disputes']['transition']>, Mp.MovedDispute>,
  Fits<Out<Services['disputes']['confirmation']['apply']>, Mp.ConfirmationApplied>,
  Fits<Out<Services['articles']['list']>, Mp.Paged<Mp.ArticleSummary>>,
  Fits<Out<Services['articles']['get']>, Mp.Article>,
  Fits<Out<Services['subscriptions']['credits']>, Mp.Credits>,
  Fits<Out<Services['consents']['withdraw']>, Mp.ConsentWithdrawal>,
  Fits<Out<Services['caseSubscriptions']['subscribe']>, Mp.HearingSubscription>,
  Fits<Out<Services['caseSubscriptions']['list']>, Mp.Paged<Mp.HearingSubscription>>,
];
