import type { SubscribeTemplate } from '../../domain/outbox/messages';

// How our field names map onto the keys of the templates picked from WeChat's
// public template library (the keys are numbered per template, e.g. thing3).
// An operator who picks other templates overrides a layout with
// WECHAT_TEMPLATE_<NAME>_FIELDS="serial:character_string1,content:thing2".
export type TemplateLayout = Record<string, string>;

export const DEFAULT_LAYOUTS: Record<SubscribeTemplate, TemplateLayout> = {
  dispute_reply: { serial: 'character_string1', replier: 'thing2', content: 'thing3', time: 'time4' },
  dispute_status: { serial: 'character_string1', status: 'phrase2', note: 'thing3', time: 'time4' },
  hearing_reminder: { caseNumber: 'character_string1', court: 'thing2', startsAt: 'time3', note: 'thing4' },
};

export function parseLayout(text: string): TemplateLayout | null {
  const layout: TemplateLayout = {};
  for (const pair of text.split(',')) {
    const m = /^\s*([A-Za-z]\w*)\s*:\s*([a-z_]+\d+)\s*$/.exec(pair);
    if (!m) return null;
    layout[m[1]!] = m[2]!;
  }
  return Object.keys(layout).length ? layout : null;
}

// WeChat refuses the whole message when one value breaks its key type's rule,
// so each value is made to fit: thing ≤ 20 characters, phrase ≤ 5, name ≤ 10,
// character_string ≤ 32 ASCII characters, and so on.
const RULES: Array<{ prefix: string; max: number; ascii?: boolean }> = [
  { prefix: 'character_string', max: 32, ascii: true },
  { prefix: 'phone_number', max: 17, ascii: true },
  { prefix: 'car_number', max: 8 },
  { prefix: 'thing', max: 20 },
  { prefix: 'phrase', max: 5 },
  { prefix: 'name', max: 10 },
  { prefix: 'number', max: 32, ascii: true },
  { prefix: 'letter', max: 32, ascii: true },
  { prefix: 'symbol', max: 5, ascii: true },
  { prefix: 'amount', max: 11, ascii: true },
];

export function fitValue(key: string, value: string): string {
  const rule = RULES.find((r) => key.startsWith(r.prefix));
  const oneLine = value.replace(/\s+/g, ' ').trim();
  if (!rule) return oneLine;
  const cleaned = rule.ascii ? oneLine.replace(/[^\x21-\x7e]/g, '') : oneLine;
  const chars = Array.from(cleaned);
  if (chars.length <= rule.max) return cleaned;
  return rule.ascii ? chars.slice(0, rule.max).join('') : chars.slice(0, rule.max - 1).join('') + '…';
}
