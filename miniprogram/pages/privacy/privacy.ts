import { PRIVACY_SECTIONS } from '../../services/privacy';
import { largeTextData } from '../../services/large-text';

// The whole privacy notice.
Component({
  data: {
    elder: false,
    sections: PRIVACY_SECTIONS.map((s) => ({ title: s.title, body: s.body })),
  },
  methods: {
    // Large text may have been switched on 我的 since this page was last shown.
    onShow() {
      this.setData(largeTextData());
    },
    onLoad() {},
  },
});
