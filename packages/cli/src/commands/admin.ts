import type { CreateTokenRequest } from "@revenue-edge/sdk";
import { type Command, Option } from "commander";
import { action } from "../command.js";
import { EXIT } from "../exit-codes.js";
import { UsageError } from "../output.js";

/** `--rate-limit 100/60` → 100 requests per 60 s. */
function rateLimit(value: string | undefined): { limit: number; window_seconds: number } | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(value);
  if (!m) throw new UsageError(`--rate-limit must be <requests>/<seconds>, e.g. 600/60, not "${value}"`);
  return { limit: Number(m[1]), window_seconds: Number(m[2]) };
}

export function registerAdmin(program: Command): void {
  const sites = program.command("sites").description("sites (admin API, --admin-token)");
  sites
    .command("create")
    .description("create a site")
    .argument("<name>")
    .option("--currency <code>", "default currency (ISO 4217)", "USD")
    .option("--rate-limit <n/s>", "default rate limit of its tokens, requests/seconds")
    .action(
      action<{ currency: string; rateLimit?: string }, [string]>(async ({ client, output, options }, name) => {
        const site = await client.admin.createSite({ name, default_currency: options.currency, rate_limit: rateLimit(options.rateLimit) });
        output.record("site", { ...site });
        output.line(
          `created site ${site.id} (${site.name}, ${site.default_currency}, ${site.rate_limit.limit} requests per ${site.rate_limit.window_seconds} s)`,
        );
        return EXIT.OK;
      }),
    );
  sites
    .command("list")
    .description("list sites")
    .action(
      action<object, []>(async ({ client, output }) => {
        const rows = [];
        let after: string | undefined;
        do {
          const page = await client.admin.listSites({ limit: 100, after });
          rows.push(...page.data);
          after = page.next_cursor ?? undefined;
        } while (after);
        for (const s of rows) output.record("site", { ...s });
        output.table(
          ["id", "name", "currency", "rate limit", "created"],
          rows.map((s) => [s.id, s.name, s.default_currency, `${s.rate_limit.limit}/${s.rate_limit.window_seconds}s`, s.created_at]),
        );
        return EXIT.OK;
      }),
    );

  const tokens = program.command("tokens").description("API tokens (admin API, --admin-token)");
  tokens
    .command("create")
    .description("create a token; the clear token is printed once")
    .argument("<siteId>")
    .addOption(new Option("--kind <kind>", "secret or public").choices(["secret", "public"]).makeOptionMandatory())
    .addOption(new Option("--prefix <prefix>", "sec (default) or trk for secret tokens").choices(["sec", "trk", "pub"]))
    .option("--name <name>")
    .option("--origin <origin...>", "allowed browser origins (public tokens)")
    .option("--rate-limit <n/s>", "requests/seconds, e.g. 100/1")
    .action(
      action<
        { kind: "secret" | "public"; prefix?: CreateTokenRequest["prefix"]; name?: string; origin?: string[]; rateLimit?: string },
        [string]
      >(async ({ client, output, options }, siteId) => {
        const token = await client.admin.createToken(siteId, {
          kind: options.kind,
          prefix: options.prefix,
          name: options.name,
          allowed_origins: options.origin,
          rate_limit: rateLimit(options.rateLimit),
        });
        output.record("token", { ...token });
        output.line(`created ${token.kind} token ${token.id} for ${token.site_id}:\n${token.token}\n(shown only now)`);
        return EXIT.OK;
      }),
    );
  tokens
    .command("list")
    .description("a site's tokens (never their secrets)")
    .argument("<siteId>")
    .action(
      action<object, [string]>(async ({ client, output }, siteId) => {
        const list = await client.admin.listTokens(siteId);
        for (const t of list) output.record("token", { ...t });
        output.table(
          ["id", "kind", "hint", "name", "rate limit", "revoked"],
          list.map((t) => [
            t.id,
            t.kind,
            `…${t.hint}`,
            t.name,
            t.rate_limit ? `${t.rate_limit.limit}/${t.rate_limit.window_seconds}s` : "site default",
            t.revoked_at,
          ]),
        );
        return EXIT.OK;
      }),
    );
  tokens
    .command("revoke")
    .description("revoke a token (stops working within seconds)")
    .argument("<tokenId>")
    .action(
      action<object, [string]>(async ({ client, output }, tokenId) => {
        await client.admin.revokeToken(tokenId);
        output.record("revoked", { tokenId });
        output.line(`revoked ${tokenId}`);
        return EXIT.OK;
      }),
    );
}
