// What the resident typed once and should not have to type again: the phone
// and the village of their last filing. Cleared when they withdraw consent.

const PHONE = 'fuyuan.phone';
const VILLAGE = 'fuyuan.village';

function read(key: string): string {
  try {
    const v: unknown = wx.getStorageSync(key);
    return typeof v === 'string' ? v : '';
  } catch {
    return '';
  }
}

export const savedPhone = () => read(PHONE);
export const savedVillage = () => read(VILLAGE);

export function rememberContact(phone: string, village: string): void {
  wx.setStorageSync(PHONE, phone);
  wx.setStorageSync(VILLAGE, village);
}

export function savePhone(phone: string): void {
  wx.setStorageSync(PHONE, phone);
}

export function forgetContact(): void {
  wx.removeStorageSync(PHONE);
  wx.removeStorageSync(VILLAGE);
}
