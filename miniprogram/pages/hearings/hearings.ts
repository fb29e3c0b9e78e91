import { api } from '../../services/api';
import { tappedId, type TapEvent, type ValueEvent } from '../../services/events';
import { formatDateTime } from '../../services/format';
import { askHearingSubscriptions } from '../../services/subscribe';
import type { HearingSubscription } from '../../services/types';
import { showModal, toast } from '../../services/ui';
import { largeTextData } from '../../services/large-text';

interface CaseView {
  id: number;
  caseNumber: string;
  next: string;
}

// The next session in plain words, as a resident reads a court's notice.
function nextSessionText(s: HearingSubscription): string {
  const h = s.nextHearing;
  if (!h) return '法院尚未排期，排期后会通知您';
  const room = h.courtRoom ? `，${h.courtRoom}` : '';
  return `第${h.session}次开庭：${formatDateTime(h.startsAt)}${room}`;
}

const view = (s: HearingSubscription): CaseView => ({ id: s.id, caseNumber: s.caseNumber, next: nextSessionText(s) });

// 开庭提醒: the resident follows a case by its number (案号) and is reminded
// by a WeChat message a day before each session.
Component({
  data: {
    elder: false,
    caseNumber: '',
    error: '',
    items: [] as CaseView[],
    loaded: false,
    adding: false,
  },
  methods: {
    onShow() {
      this.setData(largeTextData());
      return this.refresh();
    },
    onPullDownRefresh() {
      return this.refresh().then(() => wx.stopPullDownRefresh());
    },
    async refresh() {
      try {
        const res = await api.followedCases();
        this.setData({ items: res.items.map(view) });
      } catch {
        // The toast has said what went wrong; the list stays as it was.
      } finally {
        this.setData({ loaded: true });
      }
    },
    onCaseNumber(e: ValueEvent) {
      this.setData({ caseNumber: e.detail.value, error: '' });
    },
    // 添加提醒: the tap WeChat requires before asking for the reminder; the
    // case is followed whatever the answer (the list shows it either way).
    async add() {
      const caseNumber = this.data.caseNumber.trim();
      if (this.data.adding) return;
      if (!caseNumber) {
        this.setData({ error: '请填写案号' });
        toast('请填写案号');
        return;
      }
      this.setData({ adding: true, error: '' });
      try {
        await askHearingSubscriptions();
        await api.followCase(caseNumber);
        toast('已添加提醒', 'success');
        this.setData({ caseNumber: '' });
        await this.refresh();
      } catch (err) {
        // The client's toast has said it; the message stays under the field.
        this.setData({ error: (err as Error).message });
      } finally {
        this.setData({ adding: false });
      }
    },
    async remove(e: TapEvent) {
      const id = tappedId(e);
      const item = this.data.items.find((x) => x.id === id);
      if (!item) return;
      const yes = await showModal({
        title: '取消提醒',
        content: `不再提醒 ${item.caseNumber} 的开庭吗？`,
        confirmText: '取消提醒',
        cancelText: '再想想',
      });
      if (!yes) return;
      try {
        await api.unfollowCase(id);
        toast('已取消提醒', 'success');
      } catch {
        // The toast has said why.
      }
      await this.refresh();
    },
  },
});
