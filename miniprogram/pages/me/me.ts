import { api } from '../../services/api';
import type { SwitchEvent, ValueEvent } from '../../services/events';
import { forgetContact, savedPhone, savePhone } from '../../services/local';
import { askDisputeSubscriptions } from '../../services/subscribe';
import type { Credits } from '../../services/types';
import { navigateTo, showModal, toast } from '../../services/ui';
import { isPhone, normalizePhone } from '../../services/validation';
import { largeTextData, setLargeText } from '../../services/large-text';

const NO_CREDITS: Credits = { dispute_reply: 0, dispute_status: 0, hearing_reminder: 0 };

// 我的: the phone kept on this device, the privacy notice, reminders, and
// taking back consent.
Component({
  data: {
    elder: false,
    phone: '',
    editing: false,
    phoneDraft: '',
    phoneError: '',
    credits: NO_CREDITS,
    withdrawn: false,
  },
  methods: {
    onShow() {
      this.setData(largeTextData());
      this.setData({ phone: savedPhone() });
      return this.loadCredits();
    },
    async loadCredits() {
      const res = await api.subscriptions({ toast: false }).catch(() => null);
      if (res) this.setData({ credits: res.credits });
    },
    editPhone() {
      this.setData({ editing: true, phoneDraft: this.data.phone, phoneError: '' });
    },
    onPhoneDraft(e: ValueEvent) {
      this.setData({ phoneDraft: e.detail.value, phoneError: '' });
    },
    savePhone() {
      const phone = normalizePhone(this.data.phoneDraft);
      if (!isPhone(phone)) {
        this.setData({ phoneError: '电话号码不对，请检查' });
        return;
      }
      savePhone(phone);
      this.setData({ phone, editing: false });
      toast('已保存', 'success');
    },
    cancelEdit() {
      this.setData({ editing: false, phoneError: '' });
    },
    // 大字模式: kept on the phone; this page changes at once, the others when next shown.
    onLargeText(e: SwitchEvent) {
      this.applyLargeText(!!e.detail.value);
    },
    toggleLargeText() {
      this.applyLargeText(!this.data.elder);
    },
    applyLargeText(on: boolean) {
      setLargeText(on);
      this.setData({ elder: on });
    },
    // Taps on the switch are the switch's own: the row must not toggle a second time.
    keepTap() {},
    openPrivacy() {
      return navigateTo('/pages/privacy/privacy');
    },
    openHearings() {
      return navigateTo('/pages/hearings/hearings');
    },
    async subscribe() {
      const { accepted, credits } = await askDisputeSubscriptions();
      if (credits) this.setData({ credits });
      toast(accepted.length ? '已开启提醒' : '没有开启提醒', accepted.length ? 'success' : 'none');
    },
    async withdraw() {
      const yes = await showModal({
        title: '撤回同意',
        content: '撤回后，本机保存的电话号码会被清除；以后再反映事情，需要重新同意隐私说明。已经提交的事情仍会继续办理。确定撤回吗？',
        confirmText: '撤回',
        cancelText: '再想想',
      });
      if (!yes) return;
      try {
        await api.withdrawPrivacy();
        forgetContact();
        this.setData({ phone: '', withdrawn: true });
        toast('已撤回同意', 'success');
      } catch {
        // The toast has said why.
      }
    },
  },
});
