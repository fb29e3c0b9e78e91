import { api, ApiError } from '../../services/api';
import type { CheckEvent, PickerEvent, TapEvent, ValueEvent } from '../../services/events';
import { tappedId } from '../../services/events';
import { charCount, formatDate } from '../../services/format';
import { rememberContact, savedPhone, savedVillage, savedVillageId } from '../../services/local';
import { PRIVACY_SUMMARY } from '../../services/privacy';
import { askDisputeSubscriptions } from '../../services/subscribe';
import type { Category, FiledDispute, SubscribeTemplate, Township } from '../../services/types';
import { navigateTo, showModal, switchTab, toast } from '../../services/ui';
import { DESCRIPTION_MAX, normalizePhone, validateFiling, type FieldErrors, type FilingForm } from '../../services/validation';
import { largeTextData } from '../../services/large-text';
import { findVillage, townshipLabel, villageOptions, type VillageOption } from './village-picker';

interface ResultView {
  id: number;
  serial: string;
  committee: string;
  mediator: string;
  deadline: string;
  reminders: boolean;
  // 请调解员给我回电: the number the mediator will call.
  callback: boolean;
  phone: string;
  articles: Array<{ id: number; title: string; summary: string }>;
}

const FIELDS: ReadonlyArray<keyof FilingForm> = ['category', 'description', 'village', 'otherParty', 'phone', 'consent', 'callback'];

function resultView(d: FiledDispute, accepted: SubscribeTemplate[], callback: boolean, phone: string): ResultView {
  return {
    id: d.id,
    serial: d.serial,
    committee: d.committee ? d.committee.name : '正在为您安排调解组织',
    mediator: d.mediator ? d.mediator.name : '',
    deadline: formatDate(d.deadlineAt),
    reminders: accepted.length > 0,
    callback,
    phone,
    articles: d.articles.slice(0, 3).map((a) => ({ id: a.id, title: a.title, summary: a.summary })),
  };
}

// 我要说事: the filing form, checked before sending; the server's field
// errors land on their fields; then reminders, then the serial.
Component({
  data: {
    elder: false,
    categories: [] as Category[],
    categoryLabels: [] as string[],
    categoryIndex: -1,
    wanted: '',
    form: { category: '', description: '', village: '', villageId: null, otherParty: '', phone: '', consent: false, callback: false } as FilingForm,
    // The village picker: townships from GET /api/places, then a village of one (searchable).
    // `typing`: 列表里没有我的村（社区）, or no list to pick from: the name is written instead.
    townships: [] as Township[],
    townshipLabels: [] as string[],
    townshipIndex: -1,
    villageQuery: '',
    villageOptions: [] as VillageOption[],
    chosenTownship: '',
    placesLoaded: false,
    typing: false,
    descriptionCount: 0,
    descriptionMax: DESCRIPTION_MAX,
    errors: {} as FieldErrors,
    privacySummary: PRIVACY_SUMMARY,
    submitting: false,
    result: null as ResultView | null,
  },
  methods: {
    // Large text may have been switched on 我的 since this page was last shown.
    onShow() {
      this.setData(largeTextData());
    },
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ wanted: query.category ?? '', 'form.phone': savedPhone() });
      return Promise.all([this.loadCategories(), this.loadPlaces()]);
    },
    async loadPlaces() {
      const res = await api.places({ toast: false }).catch(() => null);
      const townships = res?.townships.filter((t) => t.villages.length) ?? [];
      this.setData({ townships, townshipLabels: townships.map(townshipLabel), placesLoaded: true });
      // Last time's village again: picked by id, or by a name the list knows; otherwise as typed.
      const id = savedVillageId();
      const name = savedVillage();
      const again = townships.length ? findVillage(townships, (v) => (id !== null ? v.id === id : v.name === name)) : null;
      if (again) this.choose(again);
      else this.setData({ typing: !townships.length || !!name, 'form.village': name });
    },
    onTownshipChange(e: PickerEvent) {
      const index = Number(e.detail.value);
      if (!this.data.townships[index]) return;
      this.setData({ townshipIndex: index, chosenTownship: this.data.townships[index]!.name, 'form.villageId': null, 'form.village': '' });
      this.refreshOptions();
    },
    onVillageQuery(e: ValueEvent) {
      this.setData({ villageQuery: e.detail.value });
      this.refreshOptions();
    },
    refreshOptions() {
      this.setData({ villageOptions: villageOptions(this.data.townships, this.data.townshipIndex, this.data.villageQuery) });
    },
    pickVillage(e: TapEvent) {
      const id = tappedId(e);
      const v = this.data.villageOptions.find((o) => o.id === id);
      if (v) this.choose(v);
    },
    choose(v: VillageOption) {
      this.setData({
        townshipIndex: v.townshipIndex, chosenTownship: v.township, typing: false, villageQuery: '', villageOptions: [],
        'form.villageId': v.id, 'form.village': v.name, 'errors.village': '',
      });
    },
    // 重新选: back to the list of the same township.
    repick() {
      this.setData({ 'form.villageId': null, 'form.village': '' });
      this.refreshOptions();
    },
    // 列表里没有我的村（社区）: the name is written, and routed as the server does for typed names.
    typeVillage() {
      this.setData({ typing: true, 'form.villageId': null, 'form.village': '', 'errors.village': '' });
    },
    pickFromList() {
      this.setData({ typing: false, 'form.village': '', 'errors.village': '' });
      this.refreshOptions();
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
    onCallback(e: CheckEvent) {
      this.setData({ 'form.callback': !!e.detail.checked });
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
      const errors = validateFiling(f, !this.data.typing);
      if (Object.keys(errors).length) {
        this.setData({ errors });
        toast('有几处需要修改，请看红字提示');
        return;
      }
      this.setData({ submitting: true, errors: {} });
      try {
        const phone = normalizePhone(f.phone);
        const village = f.village.trim();
        const villageId = this.data.typing ? null : f.villageId;
        const filed = await api.fileDispute({
          category: f.category,
          description: f.description.trim(),
          village,
          ...(villageId !== null ? { villageId } : {}),
          otherParty: f.otherParty.trim() || null,
          phone,
          consent: true,
          callback: f.callback,
        });
        rememberContact(phone, village, villageId);
        const accepted = await this.askReminders();
        this.setData({ result: resultView(filed, accepted, f.callback, phone) });
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
      // A village id the server does not know is the village field's problem.
      if (fields.villageId && !errors.village) errors.village = fields.villageId;
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
