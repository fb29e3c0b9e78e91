// How much text a dispute takes, wherever it comes from (the API, a chat
// command): one table, so the mini-program's counter, the routes and the bot
// all refuse the same thing.
export const DISPUTE_TEXT = {
  description: { min: 10, max: 2000 },
  village: { min: 1, max: 64 },
  otherParty: { min: 1, max: 200 },
  // A chat message or a judge's explanation.
  body: { min: 1, max: 2000 },
  // The note on a status move or an escalation.
  note: { min: 1, max: 500 },
} as const;
