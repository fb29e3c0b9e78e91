import type { Role } from '../entities';
import { DomainError } from '../server/domain/errors';
import type { Answer, Conversation, Incoming } from '../server/domain/conversation';
import type { Services } from '../server/services';
import type { BotCommand, ChatKind } from './command';
import { parseCommand } from './command-parser';
import { disputeCommands } from './commands/dispute.commands';
import { hearingCommands } from './commands/hearing.commands';
import { reportCommands } from './commands/report.commands';
import { linkageCommands } from './commands/linkage.commands';
import { helpCommand, todoCommand } from './commands/general.commands';
import { staff } from '../server/texts/staff.texts';

// The one conversation core behind every way in (WeCom robot, WeCom app,
// Wechaty): who is speaking, what they asked, whether they may, and the
// short Chinese answer. Channels only carry text in and out.

export type { Answer, Conversation, Incoming } from '../server/domain/conversation';

// No database: speakers are found through the auth service, like every other caller.
export interface BotDeps {
  services: Services;
  now: () => Date;
}

export const STRANGER_REPLY = staff.bot.strangerReply;

export function commandTable(extra: readonly BotCommand[] = []): BotCommand[] {
  const table: BotCommand[] = [];
  table.push(helpCommand(() => table), todoCommand, ...disputeCommands, ...hearingCommands, ...linkageCommands, ...reportCommands, ...extra);
  return table;
}

const ROLE_WORDS: Record<Role, string> = staff.roles;

export function createConversation(deps: BotDeps, table: readonly BotCommand[] = commandTable()): Conversation {
  // The whole answer: what to say in the chat, and what goes to the asker privately.
  const answer = async (incoming: Incoming): Promise<Answer | null> => {
    const said = await respond(incoming);
    return typeof said === 'string' ? { reply: said } : said;
  };
  return {
    answer,
    // The reply where the question was asked, or null when there is nothing to say (an empty message).
    handle: async (incoming: Incoming): Promise<string | null> => (await answer(incoming))?.reply ?? null,
  };

  async function respond(incoming: Incoming): Promise<string | Answer | null> {
    // Unknown, deactivated and resident accounts are strangers to the bot.
    const principal = await deps.services.auth.principalForWecomUser(incoming.from);
    if (!principal) return STRANGER_REPLY;

    const parsed = parseCommand(incoming.text, table);
    if (!parsed.ok) {
      if (parsed.error === 'empty') return null;
      if (parsed.error === 'too_long') return staff.bot.tooLong;
      if (parsed.usage) return staff.bot.didYouMean(parsed.usage);
      return staff.bot.unknownCommand;
    }
    const command = table.find((c) => c.name === parsed.name)!;
    if (!command.roles.includes(principal.role)) {
      return staff.bot.notForRole(command.name, ROLE_WORDS[principal.role]);
    }
    try {
      return await command.run({ services: deps.services, principal, via: incoming.via, chat: incoming.chat ?? 'direct', now: deps.now() }, parsed);
    } catch (err) {
      // Refusals from the domain are already written for people.
      if (err instanceof DomainError && err.status < 500) return err.message;
      throw err;
    }
  }
}
