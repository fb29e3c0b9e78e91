import type { ReportFigures } from '../../server/domain/reports/charts/chart-figures';

// Figures as the reports module returns them, hand-written so the renderers
// are tested without a database.

const period = { from: '2026-06-30T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z', label: '2026年下半年' };

export const FIGURES: ReportFigures = {
  disputes: {
    period: { from: '2026-10-31T16:00:00.000Z', to: '2026-11-30T16:00:00.000Z', label: '2026年11月' },
    totals: { filed: 42, resolved: 30, failed: 4, withdrawn: 2, open: 6, overdue: 1 },
    byCategory: [
      { key: 'family', label: '婚姻家庭', filed: 12, resolved: 9, failed: 1 },
      { key: 'neighbour', label: '邻里纠纷', filed: 20, resolved: 14, failed: 2 },
      { key: 'land', label: '土地承包', filed: 10, resolved: 7, failed: 1 },
    ],
    successRate: 0.8824,
    daysToResolve: { median: 6, p90: 18 },
  },
  appearance: {
    period,
    byAgency: [
      { agency: { id: 1, name: '宝塔区自然资源局' }, required: 4, head: 1, deputy: 1, none: 2, unrecorded: 0, rate: 0.5 },
      { agency: { id: 2, name: '宝塔区人力资源和社会保障局' }, required: 3, head: 2, deputy: 1, none: 0, unrecorded: 0, rate: 1 },
    ],
    total: { required: 7, head: 3, deputy: 2, none: 2, unrecorded: 0, rate: 0.7143 },
  },
  suggestions: {
    period,
    byAgency: [{ agency: { id: 1, name: '宝塔区自然资源局' }, issued: 3, onTime: 1, late: 1, overdue: 1 }],
    total: { issued: 3, onTime: 1, late: 1, overdue: 1 },
  },
  linkage: {
    period,
    byType: [
      { type: 'judicial_suggestion', label: '司法建议', open: 2, answered: 5, overdue: 1, transferred: 0 },
      { type: 'admin_dispute', label: '行政争议', open: 1, answered: 3, overdue: 0, transferred: 2 },
    ],
  },
};
