import { formatDate } from '../../services/format';
import type { DisputeExtension } from '../../services/types';

// A request for more time as an older resident reads it: what the mediator
// asks and why, then what is left to do — the resident's 同意延期 only once
// the committee's head has approved (the server refuses it before).

export interface ExtensionCard {
  id: number;
  days: number;
  ask: string;
  // What happens next, in plain words.
  state: string;
  // 「至2027年1月12日」 once the server has computed the new deadline.
  until: string;
  canConsent: boolean;
  effective: boolean;
}

export function extensionCard(x: DisputeExtension): ExtensionCard {
  const until = x.newDeadlineAt ? `至${formatDate(x.newDeadlineAt)}` : '';
  const effective = x.status === 'effective';
  const canConsent = !effective && !!x.approvedAt && !x.residentConsentAt;
  const ask = `调解员申请把处理期限延长${x.days}天${until && !effective ? `，${until}` : ''}，原因：${x.reason}。`;
  let state: string;
  if (effective) state = `处理期限已延长${x.days}天${until ? `，${until}` : ''}。`;
  else if (canConsent) state = '您同意吗？';
  else if (!x.approvedAt) state = '正在等调委会负责人批准，批准后请您在这里确认。';
  else state = '您已同意延期，正在等对方当事人同意。';
  return { id: x.id, days: x.days, ask, state, until, canConsent, effective };
}
