import { DialogPlugin } from 'tdesign-vue-next';

// Every action asks first: a dialog with 确定 / 取消.
export function confirm(header: string, body: string): Promise<boolean> {
  return new Promise((resolve) => {
    const dlg = DialogPlugin.confirm({
      header, body, confirmBtn: '确定', cancelBtn: '取消',
      onConfirm: () => { dlg.destroy(); resolve(true); },
      onClose: () => { dlg.destroy(); resolve(false); },
    });
  });
}
