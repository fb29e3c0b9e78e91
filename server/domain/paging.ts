// Lists come a page at a time: the routes validate page (from 1) and pageSize
// (1–100); this is the one place that turns them into rows to skip and take.
export interface Page {
  page: number;
  pageSize: number;
}

export function pageWindow({ page, pageSize }: Page): { skip: number; take: number } {
  return { skip: (page - 1) * pageSize, take: pageSize };
}
