import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MP_ROOT } from './helpers/compiled';
import { contrast, rootFontSize, rpx, valueFor, wxssRules } from './helpers/wxss-rules';

// 大字模式 as the styles say it (the page tests check each page puts `elder`
// on its root): body text at least 18px (36rpx), contrast at least 4.5:1 on
// the backgrounds text sits on, touch targets at least 44px (88rpx).

const rules = wxssRules();
const BODY_MIN = 36;
const TARGET_MIN = 88;
const CONTRAST_MIN = 4.5;
// The backgrounds text sits on: cards, the page, and the explanation and extension boxes.
const BACKGROUNDS = ['#ffffff', '#f3f4f6', '#fff8e6'];
const hex = (v: string | undefined) => /#[0-9a-f]{6}\b/i.exec(v ?? '')?.[0]?.toLowerCase();

test('every class set smaller than 36rpx is raised to at least 36rpx under .elder', (t) => {
  const small = [...new Set(rules.filter((r) => /^\.[\w-]+$/.test(r.selector) && (rpx(r.decls['font-size']) ?? BODY_MIN) < BODY_MIN).map((r) => r.selector.slice(1)))];
  t.true(small.includes('muted') && small.includes('counter'), 'the check sees the small classes');
  for (const cls of small) {
    const size = rpx(valueFor(rules, cls, 'font-size', true));
    t.true(size !== undefined && size >= BODY_MIN, `.${cls}: ${size}rpx under .elder`);
  }
  t.true(rootFontSize(rules, true) >= BODY_MIN);
});

test("TDesign's type and control sizes under .elder: text at least 36rpx, buttons and cells at least 88rpx high", (t) => {
  const elder = Object.assign({}, ...rules.filter((r) => r.selector === '.elder').map((r) => r.decls)) as Record<string, string>;
  const fonts = Object.entries(elder).filter(([k]) => k.startsWith('--td-font-'));
  t.true(fonts.length >= 6);
  for (const [k, v] of fonts) {
    const size = Number(/(\d+)rpx \//.exec(v)?.[1]);
    t.true(size >= BODY_MIN, `${k}: ${v}`);
  }
  t.true(rpx(elder['--td-button-large-height'])! >= TARGET_MIN);
  t.true(rpx(elder['--td-cell-height'])! >= TARGET_MIN);
});

test('every element the pages make tappable themselves is at least 88rpx high under .elder', (t) => {
  const pages = join(MP_ROOT, 'pages');
  let seen = 0;
  for (const page of readdirSync(pages)) {
    const wxml = readFileSync(join(pages, page, `${page}.wxml`), 'utf8');
    for (const m of wxml.matchAll(/<(?:view|text)\b[^>]*\bbind:?tap="[^"]*"[^>]*>/g)) {
      const classes = (/\bclass="([^"]*)"/.exec(m[0])?.[1] ?? '').split(/\s+/).filter(Boolean);
      const height = Math.max(0, ...classes.map((c) => rpx(valueFor(rules, c, 'min-height', true)) ?? 0));
      t.true(height >= TARGET_MIN, `${page}: ${m[0].slice(0, 80)} is ${height}rpx`);
      seen++;
    }
  }
  t.true(seen > 10);
});

test('text colours under .elder reach 4.5:1 on their backgrounds', (t) => {
  const keys = [...new Set(rules.filter((r) => r.decls.color !== undefined).map((r) => r.selector.replace(/^\.elder /, '')))];
  const ruleOf = (selector: string, property: string) => rules.filter((r) => r.selector === selector && r.decls[property] !== undefined).at(-1)?.decls[property];
  for (const key of keys) {
    if (key === '.elder' || key === 'page') continue;
    const colour = hex(ruleOf(`.elder ${key}`, 'color') ?? ruleOf(key, 'color'));
    if (!colour) continue;
    const own = hex(ruleOf(`.elder ${key}`, 'background') ?? ruleOf(key, 'background'));
    for (const bg of own ? [own] : BACKGROUNDS) {
      const ratio = contrast(colour, bg);
      t.true(ratio >= CONTRAST_MIN, `${key}: ${colour} on ${bg} is ${ratio.toFixed(2)}:1`);
    }
  }
  const elder = Object.assign({}, ...rules.filter((r) => r.selector === '.elder').map((r) => r.decls)) as Record<string, string>;
  for (const k of ['--td-text-color-placeholder', '--td-text-color-secondary', '--td-error-color', '--td-success-color', '--td-warning-color']) {
    t.true(contrast(hex(elder[k])!, '#ffffff') >= CONTRAST_MIN, k);
  }
});
