import type { CommandName, CommandOutput, CommandParsedInput } from '@agora/shared';
import type { Principal } from './identity/principal.ts';

/** What a command handler may do besides calling services: follow rooms. Given by the transport. */
export interface HandlerContext {
  principal: Principal;
  /**
   * When the command was received (ms since the epoch), stamped once by the transport: the time
   * the rules decide at (a ballot's window), so a service need not read a clock for it.
   */
  receivedAt: number;
  join(room: string): void;
  leave(room: string): void;
}

/** A module's commands: handlers see only parsed input and an authenticated principal. */
export type HandlerTable = {
  [N in CommandName]?: (ctx: HandlerContext, input: CommandParsedInput<N>) => Promise<CommandOutput<N>>;
};
