import { api } from '../../services/api';
import { categoryIcon } from '../../services/categories';
import { tappedId, tappedKey, type TapEvent } from '../../services/events';
import { formatDate } from '../../services/format';
import { navigateTo, switchTab } from '../../services/ui';
import { largeTextData } from '../../services/large-text';

interface CategoryView {
  id: string;
  label: string;
  icon: string;
}

interface ArticleView {
  id: number;
  title: string;
  summary: string;
  date: string;
}

// 首页: the big 我要说事 button, the kinds of dispute, the latest 法官说法.
Component({
  data: {
    elder: false,
    categories: [] as CategoryView[],
    articles: [] as ArticleView[],
    loaded: false,
  },
  methods: {
    // Large text may have been switched on 我的 since this page was last shown.
    onShow() {
      this.setData(largeTextData());
    },
    onLoad() {
      void this.load();
    },
    onPullDownRefresh() {
      void this.load().then(() => wx.stopPullDownRefresh());
    },
    async load() {
      const [cats, arts] = await Promise.all([
        api.categories().catch(() => null),
        api.articles({ pageSize: 5 }).catch(() => null),
      ]);
      this.setData({
        categories: cats ? cats.items.map((c) => ({ id: c.id, label: c.label, icon: categoryIcon(c.id) })) : this.data.categories,
        articles: arts
          ? arts.items.map((a) => ({ id: a.id, title: a.title, summary: a.summary, date: formatDate(a.publishedAt) }))
          : this.data.articles,
        loaded: true,
      });
    },
    fileDispute() {
      return navigateTo('/pages/file/file');
    },
    pickCategory(e: TapEvent) {
      return navigateTo(`/pages/file/file?category=${encodeURIComponent(tappedKey(e))}`);
    },
    openArticle(e: TapEvent) {
      return navigateTo(`/pages/article/article?id=${tappedId(e)}`);
    },
    moreArticles() {
      return switchTab('/pages/articles/articles');
    },
    hearings() {
      return navigateTo('/pages/hearings/hearings');
    },
    myDisputes() {
      return switchTab('/pages/disputes/disputes');
    },
  },
});
