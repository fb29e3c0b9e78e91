// What a resident sees besides the pages: short notices.

export function toast(title: string, icon: 'none' | 'success' = 'none'): void {
  wx.showToast({ title, icon, duration: icon === 'none' ? 3000 : 1500 });
}

export { navigateTo, showModal, switchTab } from './wx-async';
