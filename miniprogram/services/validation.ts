import { charCount } from './format';

// The filing form checked on the phone with the server's own rules
// (server/http/routes/disputes.routes.ts), so most mistakes are caught
// before anything is sent. The server still has the last word.

export interface FilingForm {
  category: string;
  description: string;
  // The village's name, picked (with its id) or typed (villageId null).
  village: string;
  villageId: number | null;
  otherParty: string;
  phone: string;
  consent: boolean;
  callback: boolean;
}

export type FieldErrors = Partial<Record<keyof FilingForm, string>>;

export const DESCRIPTION_MIN = 10;
export const DESCRIPTION_MAX = 2000;

export function normalizePhone(phone: string): string {
  return phone.replace(/[\s-]/g, '');
}

export function isPhone(phone: string): boolean {
  const p = normalizePhone(phone);
  return /^(\+?86)?1[3-9]\d{9}$/.test(p) || /^0\d{2,3}\d{7,8}$/.test(p);
}

// `picking`: the village is chosen from the list, so an empty one is "choose", not "write".
export function validateFiling(f: FilingForm, picking = false): FieldErrors {
  const e: FieldErrors = {};
  const description = charCount(f.description.trim());
  if (!f.category) e.category = '请选择纠纷类别';
  if (description < DESCRIPTION_MIN) e.description = `请把事情经过写清楚，至少 ${DESCRIPTION_MIN} 个字`;
  else if (description > DESCRIPTION_MAX) e.description = `不能超过 ${DESCRIPTION_MAX} 个字`;
  if (picking && f.villageId === null) e.village = '请选择您所在的村（社区）';
  else if (!f.village.trim()) e.village = '请填写您所在的村（社区）';
  else if (charCount(f.village.trim()) > 64) e.village = '不能超过 64 个字';
  if (charCount(f.otherParty.trim()) > 200) e.otherParty = '不能超过 200 个字';
  if (!normalizePhone(f.phone)) e.phone = '请填写联系电话';
  else if (!isPhone(f.phone)) e.phone = '电话号码不对，请检查';
  if (!f.consent) e.consent = '请阅读并同意隐私说明';
  return e;
}
