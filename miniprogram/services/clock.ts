// The one place the mini-program reads the time: when a login ends is judged
// against it. The app keeps the phone's clock; tests set a fixed one, so they
// do not depend on the day they run.

// Milliseconds since the epoch, as Date.now() gives them.
export type Now = () => number;

const phoneClock: Now = () => Date.now();
let current: Now = phoneClock;

export function now(): number {
  return current();
}

// For tests: every later reading of the time asks `clock` (none given: the phone's again).
export function setClock(clock: Now = phoneClock): void {
  current = clock;
}
