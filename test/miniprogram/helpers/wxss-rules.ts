import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MP_ROOT } from './compiled';

// The mini-program's own styles (app.wxss and every page's), read as rules,
// to check what 大字模式 does to each class: tests render the pages without
// computed styles (simulate.ts), so sizes are read from the rules that apply.

export interface Rule {
  file: string;
  selector: string;
  decls: Record<string, string>;
}

function wxssFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (['miniprogram_npm', 'node_modules', 'scripts'].includes(e.name)) return [];
    const full = join(dir, e.name);
    if (e.isDirectory()) return wxssFiles(full);
    return e.name.endsWith('.wxss') ? [full] : [];
  });
}

export function wxssRules(): Rule[] {
  return wxssFiles(MP_ROOT).flatMap((file) => {
    const css = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
    return [...css.matchAll(/([^{}]+)\{([^{}]*)\}/g)].flatMap((m) => {
      const decls = Object.fromEntries(
        m[2]!.split(';').map((d) => d.split(':')).filter((kv) => kv.length >= 2).map(([k, ...v]) => [k!.trim(), v.join(':').trim()]),
      );
      return m[1]!.split(',').map((selector) => ({ file: file.slice(MP_ROOT.length + 1), selector: selector.trim().replace(/\s+/g, ' '), decls }));
    });
  });
}

export const rpx = (value: string | undefined): number | undefined => {
  const m = /^(\d+(?:\.\d+)?)rpx/.exec(value ?? '');
  return m ? Number(m[1]) : undefined;
};

// The value of a property for an element of this class: `.elder .cls` when
// large text is on and such a rule says, else the plainest rule for `.cls`.
export function valueFor(rules: Rule[], cls: string, property: string, elder: boolean): string | undefined {
  const own = (selector: string) => rules.filter((r) => r.selector === selector && r.decls[property] !== undefined).map((r) => r.decls[property]!);
  return (elder ? own(`.elder .${cls}`).at(-1) : undefined) ?? own(`.${cls}`).at(-1);
}

// The body size of a page: the root's under large text, otherwise the page's.
export function rootFontSize(rules: Rule[], elder: boolean): number {
  const sel = elder ? '.elder' : 'page';
  return rpx(rules.filter((r) => r.selector === sel && r.decls['font-size']).at(-1)?.decls['font-size'])!;
}

// WCAG 2 contrast ratio of two #rrggbb colours.
export function contrast(a: string, b: string): number {
  const lum = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x! + 0.05) / (y! + 0.05);
}
