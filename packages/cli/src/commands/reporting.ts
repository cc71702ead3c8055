import type { RevenueQuery } from "@revenue-edge/sdk";
import { type Command, Option } from "commander";
import { action } from "../command.js";
import { intOption } from "../config.js";
import { EXIT } from "../exit-codes.js";

const format = (choices: string[]) => new Option("--format <format>", choices.join(", ")).choices(choices).default("table");

export function registerReporting(program: Command): void {
  const revenue = program.command("revenue").description("the ledger: records and totals (native reporting API)");

  revenue
    .command("list")
    .description("ledger records, newest first, every page")
    .option("--from <date>", "ISO date or date-time (on occurred_at)")
    .option("--to <date>", "ISO date (the whole day) or date-time")
    .addOption(new Option("--source <source>").choices(["event", "history", "batch", "single", "account_file"]))
    .option("--currency <code>")
    .option("--event-type <type>")
    .option("--label <label>")
    .option("--customer <customerId>")
    .option("--job-id <id>", "records of one batch job or account file (its file id)")
    .option("--metadata-value <value>", "records whose metadata has this value under any key")
    .option("--metadata-key <key>", "with --metadata-value: only under this key")
    .option("--page-size <n>", "records per request (max 1,000)", "100")
    .option("--max <n>", "stop after this many records")
    .addOption(format(["table", "json", "csv"]))
    .action(
      action<
        {
          from?: string;
          to?: string;
          source?: RevenueQuery["source"];
          currency?: string;
          eventType?: string;
          label?: string;
          customer?: string;
          jobId?: string;
          metadataValue?: string;
          metadataKey?: string;
          pageSize: string;
          max?: string;
          format: string;
        },
        []
      >(async ({ client, output, options }) => {
        const query: RevenueQuery = {
          from: options.from,
          to: options.to,
          source: options.source,
          currency: options.currency,
          event_type: options.eventType,
          label: options.label,
          customer_id: options.customer,
          job_id: options.jobId,
          metadata_value: options.metadataValue,
          metadata_key: options.metadataKey,
        };
        if (options.format === "csv" && !output.json) {
          output.raw(await client.reporting.csv(query));
          return EXIT.OK;
        }
        const max = intOption("--max", options.max) ?? Infinity;
        const rows: Array<Array<string | null>> = [];
        let count = 0;
        for await (const record of client.reporting.list({ ...query, limit: intOption("--page-size", options.pageSize) })) {
          if (count >= max) break;
          count++;
          if (output.json) output.record("record", { ...record });
          else if (options.format === "json") output.raw(`${JSON.stringify(record)}\n`);
          else
            rows.push([
              record.occurred_at,
              record.source,
              record.external_id,
              record.amount,
              record.currency,
              record.event_type,
              record.customer_id,
              record.labels?.join(", ") ?? null,
            ]);
        }
        if (options.format === "table") {
          output.table(["occurred_at", "source", "external_id", "amount", "currency", "event_type", "customer", "labels"], rows);
          output.note(`${count} record${count === 1 ? "" : "s"}`);
        }
        return EXIT.OK;
      }),
    );

  revenue
    .command("summary")
    .description("totals per bucket and currency (never converted)")
    .option("--from <date>")
    .option("--to <date>")
    .addOption(new Option("--interval <interval>").choices(["day", "week", "month"]).default("month"))
    .addOption(new Option("--group-by <field>").choices(["currency", "source", "event_type", "label"]))
    .addOption(format(["table", "json"]))
    .action(
      action<
        {
          from?: string;
          to?: string;
          interval: "day" | "week" | "month";
          groupBy?: "currency" | "source" | "event_type" | "label";
          format: string;
        },
        []
      >(async ({ client, output, options }) => {
        const buckets = await client.reporting.summary({
          from: options.from,
          to: options.to,
          interval: options.interval,
          group_by: options.groupBy,
        });
        if (output.json) for (const b of buckets) output.record("bucket", { ...b });
        else if (options.format === "json") output.raw(`${JSON.stringify(buckets, null, 2)}\n`);
        else
          output.table(
            ["bucket", "currency", "group", "amount", "count"],
            buckets.map((b) => [b.bucket, b.currency, b.group, b.amount, b.count]),
          );
        return EXIT.OK;
      }),
    );

  program
    .command("mrr")
    .description("monthly MRR movements: new, expansion, contraction, churn, net")
    .option("--from <YYYY-MM>")
    .option("--to <YYYY-MM>")
    .addOption(format(["table", "json"]))
    .action(
      action<{ from?: string; to?: string; format: string }, []>(async ({ client, output, options }) => {
        const months = await client.reporting.mrr({ from: options.from, to: options.to });
        if (output.json) for (const m of months) output.record("month", { ...m });
        else if (options.format === "json") output.raw(`${JSON.stringify(months, null, 2)}\n`);
        else
          output.table(
            ["month", "currency", "new", "expansion", "contraction", "churn", "net"],
            months.map((m) => [m.month, m.currency, m.new, m.expansion, m.contraction, m.churn, m.net]),
          );
        return EXIT.OK;
      }),
    );
}
