// 大字模式 (适老化): bigger type, stronger contrast, bigger targets. The choice
// made on 我的 is kept on the phone; until one is made, it follows WeChat's own
// font size, as WeChat's ageing design guide asks: someone who has enlarged
// WeChat's text to its 关怀模式 steps (22px and up) gets large text here too.
// Every page reads it in onShow and puts `elder` on its root view (app.wxss).

const KEY = 'fuyuan.largeText';
export const WECHAT_LARGE_FONT_PX = 22;

function wechatFontPx(): number {
  try {
    const info = wx.getAppBaseInfo() as { fontSizeSetting?: number };
    return typeof info.fontSizeSetting === 'number' ? info.fontSizeSetting : 0;
  } catch {
    return 0;
  }
}

export function largeText(): boolean {
  try {
    const v: unknown = wx.getStorageSync(KEY);
    if (typeof v === 'boolean') return v;
  } catch {
    // Storage unreadable: fall back to WeChat's setting.
  }
  return wechatFontPx() >= WECHAT_LARGE_FONT_PX;
}

export function setLargeText(on: boolean): void {
  wx.setStorageSync(KEY, on);
}

// The page data every page's root class is drawn from.
export function largeTextData(): { elder: boolean } {
  return { elder: largeText() };
}
