// What the resident typed once and should not have to type again: the phone
// and the village of their last filing. Cleared when they withdraw consent.

const PHONE = 'fuyuan.phone';
const VILLAGE = 'fuyuan.village';
const VILLAGE_ID = 'fuyuan.villageId';

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

// The village picked from the list last time; null when it was typed.
export function savedVillageId(): number | null {
  try {
    const v: unknown = wx.getStorageSync(VILLAGE_ID);
    return typeof v === 'number' && Number.isInteger(v) ? v : null;
  } catch {
    return null;
  }
}

export function rememberContact(phone: string, village: string, villageId: number | null = null): void {
  wx.setStorageSync(PHONE, phone);
  wx.setStorageSync(VILLAGE, village);
  if (villageId === null) wx.removeStorageSync(VILLAGE_ID);
  else wx.setStorageSync(VILLAGE_ID, villageId);
}

export function savePhone(phone: string): void {
  wx.setStorageSync(PHONE, phone);
}

export function forgetContact(): void {
  wx.removeStorageSync(PHONE);
  wx.removeStorageSync(VILLAGE);
  wx.removeStorageSync(VILLAGE_ID);
}
