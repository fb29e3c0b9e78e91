// How personal data looks wherever a person other than its owner may see it:
// API lists, logs, and every message posted to a group chat.

export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return '';
  // A country code is not part of what identifies the line: +86 138… masks like 138….
  const digits = phone.replace(/[^\d]/g, '').replace(/^86(?=1\d{10}$)/, '');
  if (digits.length >= 7) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  if (digits.length === 0) return '****';
  return `${digits.slice(0, 1)}****`;
}

// 张三 → 张*, 欧阳娜娜 → 欧***; a Latin name keeps its first letter.
export function maskName(name: string | null | undefined): string {
  if (!name) return '';
  const chars = Array.from(name.trim());
  if (chars.length === 0) return '';
  if (chars.length === 1) return '*';
  return chars[0] + '*'.repeat(Math.min(chars.length - 1, 3));
}

// 610602199001011234 → 610***********1234: the province stays readable, the person does not.
export function maskIdNumber(id: string | null | undefined): string {
  if (!id) return '';
  const chars = Array.from(id.trim());
  if (chars.length < 10) return '*'.repeat(chars.length);
  return chars.slice(0, 3).join('') + '*'.repeat(chars.length - 7) + chars.slice(-4).join('');
}
