// How people name an item in chat: its document number as they type it
// (宝法建〔2026〕1号, [2026], (2026), 【2026】, full-width digits…), its id
// (#12), or for a resident's administrative dispute the dispute's serial.

export type ItemReference = { id: number } | { documentNumber: string } | { serial: string };

const FULL_WIDTH_DIGIT = /[０-９]/g;
const OPEN_BRACKETS = /[〔［\[（(【｛{〖]/g;
const CLOSE_BRACKETS = /[〕］\]）)】｝}〗]/g;

export function normalizeDocumentNumber(text: string): string {
  return text
    .replace(FULL_WIDTH_DIGIT, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\s+/g, '')
    .replace(OPEN_BRACKETS, '〔')
    .replace(CLOSE_BRACKETS, '〕');
}

export function parseItemReference(text: string): ItemReference | null {
  const t = normalizeDocumentNumber(text.trim()).replace(/＃/g, '#');
  const id = /^#?(\d{1,9})$/.exec(t);
  if (id) return { id: Number(id[1]) };
  const serial = /^JF-\d{4}-\d{6}$/i.exec(t);
  if (serial) return { serial: t.toUpperCase() };
  if (t.length >= 2 && t.length <= 64) return { documentNumber: t };
  return null;
}
