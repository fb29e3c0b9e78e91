import { join } from 'node:path';
import { assertBuilt, assertCompiledOnly, MP_ROOT } from './compiled';

// miniprogram-simulate under ava: a jsdom window first (global-jsdom 29, the
// last that runs on Node 20), the DOM event classes on `global`, the app
// globals TDesign reads, then simulate itself. Pages are loaded from the
// compiled mini-program and rendered with WeChat's own wxml compiler.

/* eslint-disable @typescript-eslint/no-require-imports */
(require('global-jsdom') as () => void)();
const g = globalThis as unknown as Record<string, unknown> & { window: Record<string, unknown> };
for (const name of ['Event', 'CustomEvent', 'EventTarget']) g[name] = g.window[name];
g.getApp = () => ({ globalData: {} });
g.getCurrentPages = () => [];

interface SimNode {
  dom?: { textContent: string | null; dispatchEvent?: unknown };
  _exparserNode: { shadowRoot: { querySelector(sel: string): unknown; querySelectorAll(sel: string): unknown[] } };
  querySelector(sel: string): SimNode | undefined;
  querySelectorAll(sel: string): SimNode[];
  dispatchEvent(name: string, options?: { detail?: unknown }): void;
  attach(parent: unknown): void;
  instance: Record<string, (...args: never[]) => unknown> & { data: Record<string, unknown> };
  data: Record<string, unknown>;
}

const simulate = require('miniprogram-simulate') as {
  load(path: string, options: { rootPath: string }): string;
  render(id: string): SimNode;
  sleep(ms: number): Promise<void>;
};
// The pages' WXSS is still read and compiled (a syntax error fails the load),
// once per component rather than once per load, and not put into jsdom's
// document: CSS parsing over TDesign's styles would take seconds, and no test
// looks at computed styles.
const wxss = require('miniprogram-simulate/src/wxss') as {
  compile: (css: string, options?: { prefix?: string; less?: boolean }) => string;
  insert: (...args: unknown[]) => void;
};
const compileWxss = wxss.compile;
const compiledWxss = new Map<string, string>();
wxss.compile = (css, options = {}) => {
  const key = `${options.prefix ?? ''}|${options.less ? 1 : 0}|${css}`;
  if (!compiledWxss.has(key)) compiledWxss.set(key, compileWxss(css, options));
  return compiledWxss.get(key)!;
};
wxss.insert = () => undefined;
const exparser = require('miniprogram-exparser') as {
  Event: { create(name: string, detail: unknown, options: object): unknown; dispatchEvent(node: unknown, event: unknown): void };
};

export interface PageHandle {
  root: SimNode;
  // The page's own methods (onLoad, submit, …) and data.
  call(method: string, ...args: unknown[]): unknown;
  data: Record<string, unknown>;
  text(selector?: string): string;
  html(): string;
  has(selector: string): boolean;
  count(selector: string): number;
  // An event on an element of the page: a tap, or a TDesign component's change.
  fire(selector: string, event: string, detail?: unknown): Promise<void>;
}

export function loadPage(name: string): PageHandle {
  assertBuilt();
  const id = simulate.load(join(MP_ROOT, 'pages', name, name), { rootPath: MP_ROOT });
  const root = simulate.render(id);
  assertCompiledOnly();
  root.attach((g.window.document as { createElement(tag: string): unknown }).createElement('parent-wrapper'));
  return {
    root,
    call: (method, ...args) => (root.instance[method] as (...a: unknown[]) => unknown).apply(root.instance, args),
    get data() {
      return root.data;
    },
    text(selector) {
      const node = selector ? root.querySelector(selector) : root;
      return (node?.dom?.textContent ?? '').replace(/\s+/g, ' ').trim();
    },
    html: () => (root.dom as unknown as { innerHTML: string }).innerHTML,
    has: (selector) => !!root._exparserNode.shadowRoot.querySelector(selector),
    count: (selector) => root._exparserNode.shadowRoot.querySelectorAll(selector).length,
    async fire(selector, event, detail = {}) {
      const node = root._exparserNode.shadowRoot.querySelector(selector);
      if (!node) throw new Error(`no element ${selector} on the page`);
      const wrapper = root.querySelector(selector);
      // Native elements take a DOM event; TDesign's virtual hosts have no DOM node of their own.
      if (wrapper?.dom) wrapper.dispatchEvent(event, { detail });
      else exparser.Event.dispatchEvent(node, exparser.Event.create(event, detail, {}));
      await simulate.sleep(0);
    },
  };
}
