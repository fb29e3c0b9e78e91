import type { FiguresOf } from '../../server/domain/reports/report-types';

// Figures in the reports module's shapes, hand-written so the charts and the
// printable 通报 are tested without a database.

const period = { from: '2026-06-30T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z', label: '2026年下半年' };
const none = { required: 0, head: 0, deputy: 0, none: 0, unrecorded: 0, rate: null, headRate: null };
const counts = (filed: number, resolved: number, failed: number) => ({ filed, resolved, failed, withdrawn: 0, open: filed - resolved - failed, overdue: 0 });

export const FIGURES: FiguresOf = {
  disputes: {
    report: 'disputes',
    period: { from: '2026-10-31T16:00:00.000Z', to: '2026-11-30T16:00:00.000Z', label: '2026年11月' },
    totals: { filed: 42, resolved: 30, failed: 4, withdrawn: 2, open: 6, overdue: 1 },
    byCategory: [
      { key: 'marriage_family', label: '婚姻家庭', ...counts(12, 9, 1) },
      { key: 'neighbor', label: '邻里纠纷', ...counts(20, 14, 2) },
      { key: 'land', label: '土地承包', ...counts(10, 7, 1) },
    ],
    byTownship: [], byVillage: [], byCommittee: [], byMonth: [],
    successRate: 0.8824,
    daysToResolve: { median: 6, p90: 18 },
  },
  appearance: {
    report: 'appearance',
    period,
    byAgency: [
      { agency: { id: 1, name: '宝塔区自然资源局' }, required: 4, head: 1, deputy: 1, none: 2, unrecorded: 0, rate: 0.5, headRate: 0.25 },
      { agency: { id: 2, name: '宝塔区人力资源和社会保障局' }, required: 3, head: 2, deputy: 1, none: 0, unrecorded: 0, rate: 1, headRate: 0.6667 },
    ],
    total: { agency: null, required: 7, head: 3, deputy: 2, none: 2, unrecorded: 0, rate: 0.7143, headRate: 0.4286 },
    previous: { period: { from: '2025-12-31T16:00:00.000Z', to: '2026-06-30T16:00:00.000Z', label: '2026年上半年' }, total: { agency: null, ...none } },
    change: { required: 7, rate: null, headRate: null },
  },
  suggestions: {
    report: 'suggestions',
    period,
    byAgency: [{ key: '1', label: '宝塔区自然资源局', issued: 3, answeredOnTime: 1, answeredLate: 1, overdue: 1, pending: 0, answerRate: 0.6667 }],
    totals: { issued: 3, answeredOnTime: 1, answeredLate: 1, overdue: 1, pending: 0, answerRate: 0.6667 },
    daysToAnswer: { median: 20 },
  },
  linkage: {
    report: 'linkage',
    period,
    byType: [
      { key: 'judicial_suggestion', label: '司法建议', total: 8, open: 2, answered: 5, overdue: 1, transferred: 0 },
      { key: 'admin_dispute', label: '行政争议', total: 6, open: 1, answered: 3, overdue: 0, transferred: 2 },
    ],
    byAgency: [{ key: '1', label: '宝塔区自然资源局', total: 14, open: 3, answered: 8, overdue: 1, transferred: 2 }],
    totals: { total: 14, open: 3, answered: 8, overdue: 1, transferred: 2 },
  },
};
