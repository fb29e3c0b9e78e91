// The privacy notice (隐私说明), in plain words. The filing form shows the
// summary; the privacy page shows every paragraph.

export const PRIVACY_SUMMARY =
  '您填写的事情经过、村（社区）、对方当事人和联系电话，只用于调解员联系您、调解您的纠纷，电话号码加密保存，不会公开。';

export const PRIVACY_SECTIONS: ReadonlyArray<{ title: string; body: string }> = [
  {
    title: '我们收集什么',
    body: '您提交纠纷时填写的纠纷类别、事情经过、所在村（社区）、对方当事人和联系电话，以及您和调解员、法官在本小程序里的留言。',
  },
  {
    title: '用来做什么',
    body: '只用于把纠纷交给对口的调解委员会和调解员办理，由调解员联系您、告诉您办理进度；法官可能就您的纠纷给出法律解释。不用于其他用途。',
  },
  {
    title: '谁能看到',
    body: '承办的调解委员会和调解员、相关法官和联村干部。您的电话号码加密保存，只有您本人和承办调解员能看到完整号码。',
  },
  {
    title: '提醒消息',
    body: '只有您点了“允许”，我们才会通过微信给您发调解员回复和办理进度的提醒，每次允许只发一条。',
  },
  {
    title: '撤回同意',
    body: '您可以在“我的”页面撤回同意。撤回后，本机保存的电话号码会被清除；已经提交的纠纷仍按规定办理和存档，再次提交纠纷时需要重新同意。',
  },
  {
    title: '联系我们',
    body: '对个人信息的处理有疑问，可以联系所在村（社区）的联村干部或区诉前调解中心。',
  },
];
