import { api } from './services/api';
import { now } from './services/clock';
import { usableToken } from './services/session';

// Log in early, quietly: the first page then finds a token waiting. A failure
// here is not shown; the first request that needs a login tries again and
// says what went wrong.
App({
  onLaunch() {
    if (!usableToken(now())) api.login().catch(() => undefined);
  },
});
