import { api } from '../../services/api';
import { tappedId, tappedKey, type TapEvent, type ValueEvent } from '../../services/events';
import { formatDate } from '../../services/format';
import type { ArticleSummary } from '../../services/types';
import { navigateTo } from '../../services/ui';
import { largeTextData } from '../../services/large-text';

interface ArticleView {
  id: number;
  title: string;
  summary: string;
  date: string;
}

const PAGE_SIZE = 20;

const view = (a: ArticleSummary): ArticleView => ({ id: a.id, title: a.title, summary: a.summary, date: formatDate(a.publishedAt) });

// 法官说法: judges' short articles, by kind of dispute, with a search.
Component({
  data: {
    elder: false,
    tabs: [{ id: '', label: '全部' }] as Array<{ id: string; label: string }>,
    category: '',
    q: '',
    searched: '',
    items: [] as ArticleView[],
    total: 0,
    page: 1,
    loading: false,
    loaded: false,
  },
  methods: {
    // Large text may have been switched on 我的 since this page was last shown.
    onShow() {
      this.setData(largeTextData());
    },
    onLoad() {
      void api.categories({ toast: false }).then(
        (r) => this.setData({ tabs: [{ id: '', label: '全部' }].concat(r.items.map((c) => ({ id: c.id, label: c.label }))) }),
        () => undefined,
      );
      return this.loadPage(1);
    },
    onPullDownRefresh() {
      return this.loadPage(1).then(() => wx.stopPullDownRefresh());
    },
    onReachBottom() {
      if (this.data.items.length < this.data.total) return this.loadPage(this.data.page + 1);
      return undefined;
    },
    async loadPage(page: number) {
      if (this.data.loading) return;
      this.setData({ loading: true });
      const q = this.data.q.trim();
      try {
        const res = await api.articles({ category: this.data.category || undefined, q: q || undefined, page, pageSize: PAGE_SIZE });
        const items = res.items.map(view);
        this.setData({ items: page === 1 ? items : this.data.items.concat(items), total: res.total, page, searched: q });
      } catch {
        // The toast has said what went wrong.
      } finally {
        this.setData({ loading: false, loaded: true });
      }
    },
    pickCategory(e: TapEvent) {
      this.setData({ category: tappedKey(e) });
      return this.loadPage(1);
    },
    onQuery(e: ValueEvent) {
      this.setData({ q: e.detail.value });
    },
    search() {
      return this.loadPage(1);
    },
    clearSearch() {
      this.setData({ q: '' });
      return this.loadPage(1);
    },
    open(e: TapEvent) {
      return navigateTo(`/pages/article/article?id=${tappedId(e)}`);
    },
  },
});
