import { readJsonItems } from "@revenue-edge/sdk/node";
import { type Command, Option } from "commander";
import { action } from "../command.js";
import { intOption } from "../config.js";
import { EXIT } from "../exit-codes.js";
import { TABLE_LIMIT, UsageError } from "../output.js";

type Kind = "revenue" | "contacts" | "offers" | "sends";

export function registerHistory(program: Command): void {
  const history = program.command("history").description("bulk history import (/v2/…, Trackly-compatible)");

  history
    .command("import")
    .description("import any number of items, 1,000 per request; totals and errors printed")
    .argument("<file>", 'a JSON array (or {"records":[…]}) or NDJSON (.ndjson/.jsonl), one item per line')
    .addOption(new Option("--kind <kind>", "what the file holds").choices(["revenue", "contacts", "offers", "sends"]).default("revenue"))
    .option("--chunk-size <n>", "items per request (max 1,000)", "1000")
    .addHelpText("after", "\nExit: 0 every item saved, 3 some failed, 1 none saved, 4 not reached.")
    .action(
      action<{ kind: Kind; chunkSize: string }, [string]>(async ({ client, output, options }, file) => {
        let items: unknown[];
        try {
          items = await readJsonItems(file);
        } catch (err) {
          throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
        }
        const importOptions = {
          chunkSize: intOption("--chunk-size", options.chunkSize),
          onProgress: (done: number, total: number) => {
            output.record("progress", { done, total });
            output.note(`${done}/${total} sent`);
          },
        };
        const h = client.history;
        const result =
          options.kind === "contacts"
            ? await h.importContacts(items as never, importOptions)
            : options.kind === "offers"
              ? await h.importOffers(items as never, importOptions)
              : options.kind === "sends"
                ? await h.importSends(items as never, importOptions)
                : await h.importRevenue(items as never, importOptions);
        output.record("result", { kind: options.kind, items: items.length, ...result });
        const extra =
          "total_revenue_text" in result
            ? `, total revenue ${result.total_revenue_text}`
            : "duplicates_skipped" in result
              ? `, ${result.duplicates_skipped} duplicates skipped`
              : "contacts_created" in result
                ? `, ${result.contacts_created} contacts created`
                : "offers_created" in result
                  ? `, ${result.offers_created} offers created, ${result.offers_updated} updated`
                  : "";
        output.line(
          `${items.length} ${options.kind}: ${result.success_count} saved, ${result.error_count} failed${extra} (${result.chunks} requests)`,
        );
        if (result.errors.length > 0) {
          output.table(
            ["index", "code", "error"],
            result.errors.slice(0, TABLE_LIMIT).map((e) => [e.index, e.code, e.error]),
          );
          const listed = result.errors_listed_complete ? "" : " (the server lists at most 100 per request)";
          output.line(
            `${result.error_count} errors in total${result.errors.length > TABLE_LIMIT ? `, first ${TABLE_LIMIT} shown` : ""}${listed}`,
          );
        }
        if (result.error_count === 0) return EXIT.OK;
        return result.success_count > 0 ? EXIT.PARTIAL : EXIT.FAILED;
      }),
    );
}
