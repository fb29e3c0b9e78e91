import { api } from '../../services/api';
import { formatDate } from '../../services/format';
import { largeTextData } from '../../services/large-text';

interface ArticleView {
  title: string;
  judge: string;
  date: string;
  paragraphs: string[];
}

// One 法官说法 article, in paragraphs.
Component({
  data: {
    elder: false,
    id: 0,
    loaded: false,
    article: null as ArticleView | null,
  },
  methods: {
    // Large text may have been switched on 我的 since this page was last shown.
    onShow() {
      this.setData(largeTextData());
    },
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: Number(query.id) || 0 });
      return this.load();
    },
    async load() {
      const a = this.data.id ? await api.article(this.data.id).catch(() => null) : null;
      this.setData({
        loaded: true,
        article: a && {
          title: a.title,
          judge: a.judge ? `${a.judge.name} 法官` : '',
          date: formatDate(a.publishedAt),
          paragraphs: a.body.split(/\n+/).map((p) => p.trim()).filter(Boolean),
        },
      });
    },
  },
});
