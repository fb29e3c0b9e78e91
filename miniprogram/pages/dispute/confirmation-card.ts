import { formatDate } from '../../services/format';
import type { DisputeConfirmation } from '../../services/types';

// 司法确认 and the way to court, as an older resident reads them: after an
// agreement, the days left to ask the court to confirm it and the button to
// ask; after a failed mediation, how to go to court and the phone to call.

export interface ConfirmationCard {
  // 「请在2026年12月28日前（含当天）申请」 while it can still be asked.
  window: string;
  state: string;
  canApply: boolean;
}

export function confirmationCard(c: DisputeConfirmation): ConfirmationCard {
  const due = formatDate(c.dueAt);
  const open = !c.requested && !c.windowPassed;
  let state: string;
  if (c.requested) state = '双方已一起申请司法确认，申请已送到法院，法院会联系您。';
  else if (c.windowPassed) state = `申请期限已过（至${due}），不能再申请。如有需要，可以依法向法院起诉。`;
  else if (c.residentAppliedAt) state = '您已申请，正在等对方当事人一起申请，调解员会联系对方。';
  else state = '调解协议可以请法院确认（司法确认），需要双方一起申请。确认后对方不履行，可以申请法院强制执行。';
  return { window: open ? `请在${due}前（含当天）申请` : '', state, canApply: c.canApply };
}
