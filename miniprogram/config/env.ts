// The one place that says where the server is, per environment of the
// mini-program (develop: WeChat DevTools or a phone preview; trial: 体验版;
// release: 正式版). Each host must be a 合法域名 of the mini-program; the trial and
// release hosts and template ids below are placeholders until deployment.

export type EnvVersion = 'develop' | 'trial' | 'release';

export interface EnvConfig {
  apiBase: string;
  // Subscribe message template ids, as set in the mini-program's admin console
  // and given to the server as WECHAT_TEMPLATE_DISPUTE_REPLY / _DISPUTE_STATUS /
  // _HEARING_REMINDER.
  templates: { dispute_reply: string; dispute_status: string; hearing_reminder: string };
}

export const ENVIRONMENTS: Record<EnvVersion, EnvConfig> = {
  develop: {
    apiBase: 'http://127.0.0.1:3000',
    templates: { dispute_reply: 'DEV_TEMPLATE_DISPUTE_REPLY', dispute_status: 'DEV_TEMPLATE_DISPUTE_STATUS', hearing_reminder: 'DEV_TEMPLATE_HEARING_REMINDER' },
  },
  trial: {
    apiBase: 'https://trial.fuyuan.example.cn',
    templates: { dispute_reply: 'TRIAL_TEMPLATE_DISPUTE_REPLY', dispute_status: 'TRIAL_TEMPLATE_DISPUTE_STATUS', hearing_reminder: 'TRIAL_TEMPLATE_HEARING_REMINDER' },
  },
  release: {
    apiBase: 'https://fuyuan.example.cn',
    templates: { dispute_reply: 'RELEASE_TEMPLATE_DISPUTE_REPLY', dispute_status: 'RELEASE_TEMPLATE_DISPUTE_STATUS', hearing_reminder: 'RELEASE_TEMPLATE_HEARING_REMINDER' },
  },
};

// No request waits longer than this for the server.
export const REQUEST_TIMEOUT_MS = 15000;

export function envVersion(): EnvVersion {
  try {
    const v = wx.getAccountInfoSync().miniProgram.envVersion;
    return v in ENVIRONMENTS ? v : 'develop';
  } catch {
    return 'develop';
  }
}

export function env(): EnvConfig {
  return ENVIRONMENTS[envVersion()];
}
