// Each kind of dispute gets a TDesign icon (the icon font, so no image files).
// Labels come from the server (GET /api/dispute-categories).

const ICONS: Record<string, string> = {
  neighbor: 'home',
  marriage_family: 'heart',
  labor: 'tools',
  property: 'building',
  consumer: 'cart',
  medical: 'hospital',
  traffic: 'location',
  land: 'map',
  ip: 'lightbulb',
  lending: 'money',
  petition: 'chat',
  administrative: 'institution',
  other: 'ellipsis',
};

export const ICON_NAMES: readonly string[] = Object.values(ICONS);

export function categoryIcon(id: string): string {
  return ICONS[id] ?? 'ellipsis';
}
