import { api } from '../../services/api';
import { tappedId, type TapEvent } from '../../services/events';
import { formatDate, statusTheme, type TagTheme } from '../../services/format';
import type { DisputeListItem } from '../../services/types';
import { navigateTo } from '../../services/ui';
import { largeTextData } from '../../services/large-text';

interface ItemView {
  id: number;
  serial: string;
  categoryLabel: string;
  statusLabel: string;
  theme: TagTheme;
  village: string;
  created: string;
  deadline: string;
  overdue: boolean;
}

const PAGE_SIZE = 20;

function view(d: DisputeListItem): ItemView {
  return {
    id: d.id,
    serial: d.serial,
    categoryLabel: d.categoryLabel,
    statusLabel: d.statusLabel,
    theme: statusTheme(d.status),
    village: d.village,
    created: formatDate(d.createdAt),
    deadline: formatDate(d.deadlineAt),
    overdue: d.overdue,
  };
}

// 我的纠纷: what the resident reported, newest first, with its status.
Component({
  data: {
    elder: false,
    items: [] as ItemView[],
    total: 0,
    page: 1,
    loading: false,
    loaded: false,
  },
  methods: {
    onShow() {
      this.setData(largeTextData());
      return this.refresh();
    },
    onPullDownRefresh() {
      return this.refresh().then(() => wx.stopPullDownRefresh());
    },
    onReachBottom() {
      if (this.data.items.length < this.data.total) return this.loadPage(this.data.page + 1);
      return undefined;
    },
    refresh() {
      return this.loadPage(1);
    },
    async loadPage(page: number) {
      if (this.data.loading) return;
      this.setData({ loading: true });
      try {
        const res = await api.myDisputes(page, PAGE_SIZE);
        const items = res.items.map(view);
        this.setData({ items: page === 1 ? items : this.data.items.concat(items), total: res.total, page });
      } catch {
        // The toast has said what went wrong; the list stays as it was.
      } finally {
        this.setData({ loading: false, loaded: true });
      }
    },
    open(e: TapEvent) {
      return navigateTo(`/pages/dispute/dispute?id=${tappedId(e)}`);
    },
    fileDispute() {
      return navigateTo('/pages/file/file');
    },
  },
});
