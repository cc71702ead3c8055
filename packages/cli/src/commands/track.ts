import type { EventType } from "@revenue-edge/sdk";
import { Argument, type Command } from "commander";
import { action } from "../command.js";
import { EXIT } from "../exit-codes.js";
import { UsageError } from "../output.js";

export function registerTrack(program: Command): void {
  program
    .command("track")
    .description("send one event to /api/ingest (Pulsora-compatible)")
    .addArgument(new Argument("<type>", "event type").choices(["revenue", "pageview", "event", "identify"]))
    .option("--data <json>", "the event's data as JSON (default: read from stdin)")
    .addHelpText(
      "after",
      `\nExample:\n  revenue-edge track revenue --data '{"visitor_fingerprint":"fp_1","session_id":"s_1","customer_id":"cus_1","amount":49.99,"currency":"USD","transaction_id":"ch_1"}'`,
    )
    .action(
      action<{ data?: string }, [EventType]>(async ({ client, output, options }, type) => {
        const text = options.data ?? (await readStdin());
        let data: unknown;
        try {
          data = JSON.parse(text);
        } catch (err) {
          throw new UsageError(`--data is not JSON: ${(err as Error).message}`);
        }
        if (typeof data !== "object" || data === null || Array.isArray(data)) throw new UsageError("--data must be a JSON object");
        await client.events.track(type, data as never);
        output.record("accepted", { eventType: type });
        output.line(`accepted: ${type} event queued`);
        return EXIT.OK;
      }),
    );
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new UsageError("pass --data '<json>' or pipe the JSON on stdin");
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
