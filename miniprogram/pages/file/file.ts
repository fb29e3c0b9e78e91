import { api, ApiError } from '../../services/api';
import type { CheckEvent, PickerEvent, TapEvent, ValueEvent } from '../../services/events';
import { tappedId } from '../../services/events';
import { charCount, formatDate } from '../../services/format';
import { rememberContact, savedPhone, savedVillage } from '../../services/local';
import { PRIVACY_SUMMARY } from '../../services/privacy';
import { askDisputeSubscriptions } from '../../services/subscribe';
import type { Category, FiledDispute, SubscribeTemplate } from '../../services/types';
import { navigateTo, showModal, switchTab, toast } from '../../services/ui';
import { DESCRIPTION_MAX, normalizePhone, validateFiling, type FieldErrors, type FilingForm } from '../../services/validation';

interface ResultView {
  id: number;
  serial: string;
  committee: string;
  mediator: string;
  deadline: string;
  reminders: boolean;
  articles: Array<{ id: number; title: string; summary: string }>;
}

const FIELDS: ReadonlyArray<keyof FilingForm> = ['category', 'description', 'village', 'otherParty', 'phone', 'consent'];

function resultView(d: FiledDispute, accepted: SubscribeTemplate[]): ResultView {
  return {
    id: d.id,
    serial: d.serial,
    committee: d.committee ? d.committee.name : '正在为您安排调解组织',
    mediator: d.mediator ? d.mediator.name : '',
    deadline: formatDate(d.deadlineAt),
    reminders: accepted.length > 0,
    articles: d.articles.slice(0, 3).map((a) => ({ id: a.id, title: a.title, summary: a.summary })),
  };
}

// 我要说事: the filing form, checked before sending; the server's field
// errors land on their fields; then reminders, then the serial.
Component({
  data: {
    categories: [] as Category[],
    categoryLabels: [] as string[],
    categoryIndex: -1,
    wanted: '',
    form: { category: '', description: '', village: '', otherParty: '', phone: '', consent: false } as FilingForm,
    descriptionCount: 0,
    descriptionMax: DESCRIPTION_MAX,
    errors: {} as FieldErrors,
    privacySummary: PRIVACY_SUMMARY,
    submitting: false,
    result: null as ResultView | null,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ wanted: query.category ?? '', 'form.phone': savedPhone(), 'form.village': savedVillage() });
      return this.loadCategories();
    },
    async loadCategories() {
      const res = await api.categories().catch(() => null);
      if (!res) return;
      const index = res.items.findIndex((c) => c.id === (this.data.form.category || this.data.wanted));
      this.setData({
        categories: res.items,
        categoryLabels: res.items.map((c) => c.label),
        categoryIndex: index,
        'form.category': index >= 0 ? res.items[index]!.id : '',
      });
    },
    onCategoryChange(e: PickerEvent) {
      const index = Number(e.detail.value);
      const c = this.data.categories[index];
      if (c) this.setData({ categoryIndex: index, 'form.category': c.id, 'errors.category': '' });
    },
    onDescription(e: ValueEvent) {
      this.setData({ 'form.description': e.detail.value, descriptionCount: charCount(e.detail.value), 'errors.description': '' });
    },
    onVillage(e: ValueEvent) {
      this.setData({ 'form.village': e.detail.value, 'errors.village': '' });
    },
    onOtherParty(e: ValueEvent) {
      this.setData({ 'form.otherParty': e.detail.value, 'errors.otherParty': '' });
    },
    onPhone(e: ValueEvent) {
      this.setData({ 'form.phone': e.detail.value, 'errors.phone': '' });
    },
    onConsent(e: CheckEvent) {
      this.setData({ 'form.consent': !!e.detail.checked, 'errors.consent': '' });
    },
    openPrivacy() {
      return navigateTo('/pages/privacy/privacy');
    },
    async submit() {
      if (this.data.submitting) return;
      const f = this.data.form;
      const errors = validateFiling(f);
      if (Object.keys(errors).length) {
        this.setData({ errors });
        toast('有几处需要修改，请看红字提示');
        return;
      }
      this.setData({ submitting: true, errors: {} });
      try {
        const phone = normalizePhone(f.phone);
        const village = f.village.trim();
        const filed = await api.fileDispute({
          category: f.category,
          description: f.description.trim(),
          village,
          otherParty: f.otherParty.trim() || null,
          phone,
          consent: true,
        });
        rememberContact(phone, village);
        const accepted = await this.askReminders();
        this.setData({ result: resultView(filed, accepted) });
        wx.pageScrollTo({ scrollTop: 0, duration: 0 });
      } catch (err) {
        if (err instanceof ApiError) this.showFieldErrors(err.fields);
      } finally {
        this.setData({ submitting: false });
      }
    },
    showFieldErrors(fields: Record<string, string>) {
      const errors: FieldErrors = {};
      for (const k of FIELDS) if (fields[k]) errors[k] = fields[k];
      this.setData({ errors });
    },
    // Subscribe messages may only be asked for after a tap: the modal's button is that tap.
    async askReminders(): Promise<SubscribeTemplate[]> {
      const yes = await showModal({
        title: '提交成功',
        content: '调解员回复您、事情有进展时，要不要用微信消息提醒您？',
        confirmText: '要提醒',
        cancelText: '不用了',
      });
      if (!yes) return [];
      return (await askDisputeSubscriptions()).accepted;
    },
    openArticle(e: TapEvent) {
      return navigateTo(`/pages/article/article?id=${tappedId(e)}`);
    },
    viewDispute() {
      return navigateTo(`/pages/dispute/dispute?id=${this.data.result?.id ?? 0}`);
    },
    goHome() {
      return switchTab('/pages/home/home');
    },
  },
});
