import type { Role, Via } from '../entities';
import type { Principal } from '../server/domain/principal';
import type { Services } from '../server/services';
import type { CommandSpec } from './command-parser';

// One entry of the command table: its grammar (for the parser), who may use
// it, and what it does. A later feature adds an entry; nothing else changes.
export interface BotCommand extends CommandSpec {
  summary: string;
  roles: readonly Role[];
  // A string is said where the question was asked; an answer with `privately`
  // also sends that part to the asker alone.
  run(ctx: CommandContext, args: { serial?: string; caseNumber?: string; ref?: string; text?: string }): Promise<string | CommandAnswer>;
}

export type { ChatKind } from '../server/domain/conversation';
import type { ChatKind } from '../server/domain/conversation';

export interface CommandAnswer {
  reply: string;
  privately?: string;
}

export interface CommandContext {
  services: Services;
  principal: Principal;
  via: Via;
  // Where the question was asked: a group chat is read by all of its members.
  chat: ChatKind;
  now: Date;
}
