import { ValidationError } from "@revenue-edge/sdk";
import { fileFromPath } from "@revenue-edge/sdk/node";
import { type Command, Option } from "commander";
import { action } from "../command.js";
import { EXIT } from "../exit-codes.js";
import { TABLE_LIMIT, UsageError } from "../output.js";

export function registerAccounts(program: Command): void {
  const accounts = program.command("accounts").description("account revenue files (/v4.1/company/…, CustomerGauge-compatible)");

  accounts
    .command("upload")
    .description("upload a CSV, XLSX or XML account revenue file (all or nothing)")
    .argument("<file>", "file.csv, file.xlsx or file.xml")
    .addOption(new Option("--client-id <id>", "OAuth2 client id (instead of --token)").env("REVENUE_EDGE_CLIENT_ID"))
    .addOption(new Option("--client-secret <secret>", "OAuth2 client secret").env("REVENUE_EDGE_CLIENT_SECRET"))
    .addHelpText(
      "after",
      "\nAuthenticates with an OAuth2 access token when --client-id/--client-secret are given, else with --token (api_key).\nExit: 0 stored, 1 refused (record errors shown), 4 not reached.",
    )
    .action(
      action<object, [string]>(async ({ client, output }, file) => {
        let upload: File;
        try {
          upload = await fileFromPath(file);
        } catch (err) {
          throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
        }
        let fileId: string | null;
        try {
          ({ fileId } = await client.accounts.upload(upload));
        } catch (err) {
          if (err instanceof ValidationError && err.issues.length > 0) {
            output.record("refused", { message: err.message, requestId: err.requestId ?? null, errors: err.issues });
            output.table(
              ["record", "field", "message"],
              err.issues.slice(0, TABLE_LIMIT).map((i) => [i.record ?? "-", i.field ?? "-", i.message]),
            );
            output.line(
              `${err.issues.length} error${err.issues.length === 1 ? "" : "s"}; nothing was stored${err.requestId ? ` (request id ${err.requestId})` : ""}`,
            );
            return EXIT.FAILED;
          }
          throw err;
        }
        output.record("result", { file, stored: true, fileId });
        // The file id names its ledger rows: `revenue-edge revenue list --job-id <fileId>`.
        output.line(`stored ${file}${fileId ? ` (file id ${fileId})` : ""}`);
        return EXIT.OK;
      }),
    );

  accounts
    .command("revenue")
    .description("an account's monthly schedule")
    .argument("<account>")
    .option("--from <YYYY-MM>")
    .option("--to <YYYY-MM>")
    .addOption(new Option("--client-id <id>").env("REVENUE_EDGE_CLIENT_ID").hideHelp())
    .addOption(new Option("--client-secret <secret>").env("REVENUE_EDGE_CLIENT_SECRET").hideHelp())
    .action(
      action<{ from?: string; to?: string }, [string]>(async ({ client, output, options }, account) => {
        const schedule = await client.accounts.revenue(account, { from: options.from, to: options.to });
        output.record("schedule", { ...schedule });
        output.line(`${schedule.account}: ${schedule.total} ${schedule.currency} from ${schedule.from ?? "-"} to ${schedule.to ?? "-"}`);
        output.table(
          ["month", "amount"],
          schedule.months.map((m) => [m.month, m.amount]),
        );
        return EXIT.OK;
      }),
    );
}
