// The events the pages handle, typed once.

export type ValueEvent = WechatMiniprogram.CustomEvent<{ value: string }>;
export type SwitchEvent = WechatMiniprogram.CustomEvent<{ value: boolean }>;
export type CheckEvent = WechatMiniprogram.CustomEvent<{ checked: boolean }>;
export type PickerEvent = WechatMiniprogram.CustomEvent<{ value: string | number }>;
export type TapEvent = WechatMiniprogram.BaseEvent<WechatMiniprogram.IAnyObject, { id?: string | number }>;

// The data-id of the tapped element, as a number (0 when missing).
export function tappedId(e: TapEvent): number {
  const id = Number(e.currentTarget?.dataset?.id);
  return Number.isInteger(id) && id > 0 ? id : 0;
}

export function tappedKey(e: TapEvent): string {
  const id = e.currentTarget?.dataset?.id;
  return id === undefined || id === null ? '' : String(id);
}
