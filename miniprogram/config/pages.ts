// The pages of the mini-program, as app.json lists them: the one place their
// paths are written for code outside the pages. The server links subscribe
// messages to them (it imports this file, so it must stay plain constants with
// no wx API), and the tests check every path against app.json.

export const PAGES = {
  home: 'pages/home/home',
  file: 'pages/file/file',
  disputes: 'pages/disputes/disputes',
  dispute: 'pages/dispute/dispute',
  articles: 'pages/articles/articles',
  article: 'pages/article/article',
  me: 'pages/me/me',
  privacy: 'pages/privacy/privacy',
  hearings: 'pages/hearings/hearings',
} as const;

export type PageName = keyof typeof PAGES;

// One dispute's page, as a subscribe message's `page` (no leading slash).
export function disputePage(id: number): string {
  return `${PAGES.dispute}?id=${id}`;
}
