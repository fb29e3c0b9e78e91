import { PAGES } from '../../config/pages';
import { api } from '../../services/api';
import { tappedId, type TapEvent, type ValueEvent } from '../../services/events';
import { charCount, formatDate, formatDateTime, statusTheme, type TagTheme } from '../../services/format';
import type { ArticleLink, DisputeDetail, TimelineEntry } from '../../services/types';
import { navigateTo, showModal, toast } from '../../services/ui';
import { extensionCard, type ExtensionCard } from './extension-card';
import { largeTextData } from '../../services/large-text';
import { confirmationCard, type ConfirmationCard } from './confirmation-card';
import type { CourtGuidance } from '../../services/types';

interface Summary {
  serial: string;
  categoryLabel: string;
  statusLabel: string;
  theme: TagTheme;
  overdue: boolean;
  description: string;
  village: string;
  committee: string;
  mediator: string;
  deadline: string;
  created: string;
}

interface EntryView {
  id: number;
  who: string;
  body: string;
  at: string;
  mine: boolean;
}

const MESSAGE_MAX = 2000;

function entry(e: TimelineEntry, residentLabel = '我'): EntryView {
  const mine = e.author?.role === 'resident';
  const who = mine ? residentLabel : e.author ? `${e.author.role === 'judge' ? '法官' : e.author.role === 'mediator' ? '调解员' : '工作人员'} ${e.author.name}` : '系统';
  return { id: e.id, who, body: e.body, at: formatDateTime(e.at), mine };
}

function summary(d: DisputeDetail): Summary {
  return {
    serial: d.serial,
    categoryLabel: d.categoryLabel,
    statusLabel: d.statusLabel,
    theme: statusTheme(d.status),
    overdue: d.overdue,
    description: d.description,
    village: d.village,
    committee: d.committee ? d.committee.name : '正在安排',
    mediator: d.mediator ? d.mediator.name : '正在安排',
    deadline: formatDate(d.deadlineAt),
    created: formatDateTime(d.createdAt),
  };
}

// 办理进度: the dispute, the judges' explanations set apart, the moves, and
// the chat with the mediator. Read again every time the page shows.
Component({
  data: {
    elder: false,
    id: 0,
    loaded: false,
    dispute: null as Summary | null,
    explanations: [] as EntryView[],
    moves: [] as EntryView[],
    messages: [] as EntryView[],
    extensions: [] as ExtensionCard[],
    // 法官说法 articles about this kind of dispute, and any a judge attached.
    articles: [] as ArticleLink[],
    // Why the last 同意延期 failed, in the server's words; it stays on that card.
    extensionError: { id: 0, message: '' },
    consenting: false,
    // --- 撤回 / 司法确认 / 起诉指引 (confirmation-card.ts) ---
    canWithdraw: false,
    withdrawing: false,
    confirmation: null as ConfirmationCard | null,
    applying: false,
    guidance: null as CourtGuidance | null,
    // --- end 撤回 / 司法确认 / 起诉指引 ---
    draft: '',
    sending: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: Number(query.id) || 0 });
    },
    onShow() {
      this.setData(largeTextData());
      return this.load();
    },
    onPullDownRefresh() {
      return this.load().then(() => wx.stopPullDownRefresh());
    },
    async load() {
      if (!this.data.id) return;
      const d = await api.dispute(this.data.id).catch(() => null);
      if (!d) {
        this.setData({ loaded: true });
        return;
      }
      this.setData({
        loaded: true,
        dispute: summary(d),
        explanations: d.explanations.map((e) => entry(e)),
        moves: d.timeline.filter((e) => e.kind === 'move' || e.kind === 'escalation' || e.kind === 'extension' || e.kind === 'judge_request' || e.kind === 'confirmation').map((e) => entry(e, '您')),
        messages: d.timeline.filter((e) => e.kind === 'message').map((e) => entry(e)),
        // A closed dispute is not extended any more: only what took effect stays.
        extensions: d.extensions.filter((x) => !d.closedAt || x.status === 'effective').map(extensionCard),
        articles: d.articles.map(({ id, title }) => ({ id, title })),
        // 撤回 / 司法确认 / 起诉指引
        canWithdraw: d.allowedActions.includes('withdraw'),
        confirmation: d.confirmation ? confirmationCard(d.confirmation) : null,
        guidance: d.courtGuidance,
      });
    },
    // 法官说法: one article, on its own page.
    openArticle(e: TapEvent) {
      const id = tappedId(e);
      return id ? navigateTo(`/${PAGES.article}?id=${id}`) : undefined;
    },
    // --- 撤回 / 司法确认 / 起诉指引 ---
    // 撤回: asked once more (it cannot be undone), then the move; the page reads the dispute again.
    async withdraw() {
      if (this.data.withdrawing) return;
      const yes = await showModal({
        title: '撤回这件事',
        content: '撤回后调解员不再处理这件事，也不能恢复。确定撤回吗？',
        confirmText: '撤回',
        cancelText: '不撤回',
      });
      if (!yes) return;
      this.setData({ withdrawing: true });
      try {
        await api.withdrawDispute(this.data.id);
        toast('已撤回', 'success');
      } catch {
        // The client's toast has said why.
      }
      await this.load();
      this.setData({ withdrawing: false });
    },
    // 申请司法确认: asked once more, then the application; the page shows where it stands.
    async applyConfirmation() {
      const c = this.data.confirmation;
      if (!c || !c.canApply || this.data.applying) return;
      const yes = await showModal({
        title: '申请司法确认',
        content: '申请法院确认调解协议，需要对方当事人也一起申请，调解员会联系对方。确定申请吗？',
        confirmText: '申请',
        cancelText: '再想想',
      });
      if (!yes) return;
      this.setData({ applying: true });
      try {
        await api.applyConfirmation(this.data.id);
        toast('已申请', 'success');
      } catch {
        // The client's toast has said why; the card shows where things stand.
      }
      await this.load();
      this.setData({ applying: false });
    },
    callCourt() {
      const g = this.data.guidance;
      if (g) wx.makePhoneCall({ phoneNumber: g.phone, fail: () => undefined });
    },
    // --- end 撤回 / 司法确认 / 起诉指引 ---
    // 同意延期: asked once more in a modal, then the consent route; the page
    // reads the dispute again either way, so it shows where things stand.
    async consentExtension(e: TapEvent) {
      const extId = tappedId(e);
      const card = this.data.extensions.find((x) => x.id === extId);
      if (!card || this.data.consenting) return;
      const yes = await showModal({
        title: '同意延期',
        content: `同意把处理期限延长${card.days}天吗？`,
        confirmText: '同意',
        cancelText: '再想想',
      });
      if (!yes) return;
      this.setData({ consenting: true, extensionError: { id: 0, message: '' } });
      let message = '';
      try {
        await api.consentExtension(this.data.id, extId);
        toast('您已同意延期', 'success');
      } catch (err) {
        // The client's toast has said it; the card keeps it in view.
        message = (err as Error).message;
      }
      await this.load();
      this.setData({ consenting: false, extensionError: { id: message ? extId : 0, message } });
    },
    onDraft(e: ValueEvent) {
      this.setData({ draft: e.detail.value });
    },
    async send() {
      const body = this.data.draft.trim();
      if (this.data.sending) return;
      if (!body) {
        toast('请先写下要对调解员说的话');
        return;
      }
      if (charCount(body) > MESSAGE_MAX) {
        toast(`一次最多 ${MESSAGE_MAX} 个字`);
        return;
      }
      this.setData({ sending: true });
      try {
        await api.sendMessage(this.data.id, body);
        this.setData({ draft: '' });
        toast('已发送', 'success');
        await this.load();
      } catch {
        // The toast has said why; the draft stays for another try.
      } finally {
        this.setData({ sending: false });
      }
    },
  },
});
