import type { WecomAuthClient } from '../../server/clients/wecom-auth.client';
import { DomainError } from '../../server/domain/errors';

// A WeCom stand-in for staff sign-in: codes starting with wx- name a WeCom
// user (the code itself), others are refused as WeCom refuses a bad code.
export const wxPrefixWecom: WecomAuthClient = {
  userIdForCode: async (code: string) => {
    if (code.startsWith('wx-')) return code;
    throw new DomainError('WECOM_CODE_INVALID', '企业微信登录凭证无效或已使用，请重新打开', 401);
  },
};
