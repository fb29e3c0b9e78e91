import type { SubscribeTemplate } from '../../domain/outbox/messages';

// How our field names map onto the keys of the templates picked from WeChat's
// public template library (the keys are numbered per template, e.g. thing3).
// An operator who picks other templates overrides a layout with
// WECHAT_TEMPLATE_<NAME>_FIELDS="serial:character_string1,content:thing2".
export type TemplateLayout = Record<string, string>;

export const DEFAULT_LAYOUTS: Record<SubscribeTemplate, TemplateLayout> = {
  dispute_reply: { serial: 'character_string1', replier: 'thing2', content: 'thing3', time: 'time4' },
  dispute_status: { serial: 'character_string1', status: 'phrase2', note: 'thing3', time: 'time4' },
  // A case number such as （2023）陕0602行初123号 is Chinese: a thing keeps it
  // whole, where character_string's ASCII rule would leave 20230602123.
  hearing_reminder: { caseNumber: 'thing1', court: 'thing2', startsAt: 'time3', note: 'thing4' },
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
// so each value is made to fit: thing ≤ 20 characters, phrase ≤ 5 Chinese
// characters only, name ≤ 10, character_string ≤ 32 ASCII characters, and so on.
// What a key type does not allow is left out; only thing-like values, cut
// short, end in "…" (a phrase may not hold punctuation).
const HAN = /\p{Script=Han}/u;
const RULES: Array<{ prefix: string; max: number; ascii?: boolean; han?: boolean }> = [
  { prefix: 'character_string', max: 32, ascii: true },
  { prefix: 'phone_number', max: 17, ascii: true },
  { prefix: 'car_number', max: 8 },
  { prefix: 'thing', max: 20 },
  { prefix: 'phrase', max: 5, han: true },
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
  const cleaned = rule.ascii ? oneLine.replace(/[^\x21-\x7e]/g, '') : rule.han ? Array.from(oneLine).filter((c) => HAN.test(c)).join('') : oneLine;
  const chars = Array.from(cleaned);
  if (chars.length <= rule.max) return cleaned;
  return rule.ascii || rule.han ? chars.slice(0, rule.max).join('') : chars.slice(0, rule.max - 1).join('') + '…';
}
