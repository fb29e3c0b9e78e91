// The instant tests live at unless they say otherwise: 10:00 on 26 November 2026
// in Shanghai. Never the machine's clock, so the suite passes on any day
// (CI runs it with the clock a year ahead and half a year back).
export const TEST_NOW = '2026-11-26T02:00:00.000Z';
