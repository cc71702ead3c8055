import type { RevenueEdge } from "@revenue-edge/sdk";
import type { Command } from "commander";
import { clientFor, type GlobalOptions } from "./config.js";
import type { ExitCode } from "./exit-codes.js";
import { Output } from "./output.js";

export type CommandContext<O> = {
  options: GlobalOptions & O;
  output: Output;
  client: RevenueEdge;
};

/**
 * Wraps a command's action: merges the global options, builds the client and the output,
 * turns a thrown error into one printed line and the exit code of its kind.
 */
export function action<O, A extends unknown[]>(run: (ctx: CommandContext<O>, ...args: A) => Promise<ExitCode>) {
  return async (...params: unknown[]): Promise<void> => {
    const command = params[params.length - 1] as Command;
    const args = params.slice(0, command.registeredArguments.length) as A;
    const options = command.optsWithGlobals() as GlobalOptions & O;
    const output = new Output(Boolean(options.json));
    try {
      const client = clientFor(options, output);
      process.exitCode = await run({ options, output, client }, ...args);
    } catch (err) {
      process.exitCode = output.error(err);
    }
  };
}
