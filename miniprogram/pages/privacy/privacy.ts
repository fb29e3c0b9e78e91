import { PRIVACY_SECTIONS } from '../../services/privacy';

// The whole privacy notice.
Component({
  data: {
    sections: PRIVACY_SECTIONS.map((s) => ({ title: s.title, body: s.body })),
  },
  methods: {
    onLoad() {},
  },
});
