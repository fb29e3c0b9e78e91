import { disputePage } from '../../../miniprogram/config/pages';
import { formatShanghai } from '../shanghai-time';
import { STATUS_PHRASES } from './dispute-status';

// What a resident whose mediation failed is told: in plain words, how to go
// to court, and the court's litigation-service (诉讼服务) phone to ask. The
// phone is a setting (COURT_SERVICE_PHONE); the default is a placeholder of
// the right shape, since the court's real number was not at hand.

export const DEFAULT_COURT_SERVICE_PHONE = '12368';

// Digits with an optional area code and extension: what wx.makePhoneCall dials.
export const COURT_PHONE_PATTERN = /^\d{3,4}-?\d{5,8}(-\d{1,6})?$|^\d{5,12}$/;

export function courtGuidanceText(phone: string): string {
  return [
    '调解没成，可以依法向法院起诉。',
    '起诉请带上身份证和相关证据，到宝塔区人民法院诉讼服务中心，或在“陕西移动微法院”网上立案。',
    `咨询电话：${phone}`,
  ].join('');
}

// The subscribe message's note is a `thing` (at most 20 characters): the
// phone, with the rest on the detail page it opens.
export function courtGuidanceNote(phone: string): string {
  const note = `可依法起诉，电话${phone}`;
  return Array.from(note).length <= 20 ? note : '可依法起诉，详见小程序';
}

export function failedNotice(d: { id: number; serial: string }, phone: string, at: Date) {
  return {
    template: 'dispute_status' as const,
    page: disputePage(d.id),
    data: { serial: d.serial, status: STATUS_PHRASES.failed, note: courtGuidanceNote(phone), time: formatShanghai(at) },
  };
}
