import type { Context } from "../context.js";
import type { components } from "../generated/openapi.js";
import { randomId } from "../transport.js";
import { type FileInput, fileBlob, fileName } from "./file-input.js";

type S = components["schemas"];
export type AccountRevenue = S["AccountRevenue"]["Data"];
export type AccountFileError = S["AccountFileError"];

export type AccountUploadResult = {
  stored: true;
  /** The id of the stored file (`X-Account-File-Id`; null if the server did not send it): its records carry it as `job_id`. */
  fileId: string | null;
};

export type AccountUploadOptions = {
  /** The file name: its extension (`.csv`, `.xlsx`, `.xml`) must agree with the content. Default: the File's name, else guessed from the content. */
  filename?: string;
  idempotencyKey?: string;
  signal?: AbortSignal;
};

/**
 * Account revenue files (`/v4.1/company/…`, CustomerGauge-compatible): CSV, XLSX or XML,
 * every record a monthly schedule. Authenticated with an OAuth2 access token when the client
 * has `clientId`/`clientSecret` (fetched, cached and refreshed for you), else `api_key <token>`.
 * A refused file throws ValidationError whose `issues` carry `record`, `field` and `message`.
 * Uploading the same file again replaces, never doubles, so uploads are retried (with an
 * `Idempotency-Key`).
 */
export class AccountsNamespace {
  constructor(private readonly ctx: Context) {}

  /**
   * Uploads a file; resolves once every record is stored. `fileId` (the response's
   * `X-Account-File-Id`) names the file's records: `client.reporting.list({ job_id: fileId })`.
   */
  async upload(file: FileInput, options: AccountUploadOptions = {}): Promise<AccountUploadResult> {
    const blob = await fileBlob(file, "application/octet-stream");
    const filename = options.filename ?? fileName(file) ?? (await guessName(blob));
    const { response } = await this.ctx.send(
      "accounts",
      { retry: "always", idempotencyKey: options.idempotencyKey ?? `accounts-${randomId()}`, signal: options.signal },
      (init) => {
        const form = new FormData();
        form.append("file", blob, filename);
        return this.ctx.transport.api.POST("/v4.1/company/revenue_file_automate.json", {
          body: form as unknown as { file: string },
          headers: init.headers,
          signal: init.signal,
        });
      },
    );
    return { stored: true, fileId: response.headers.get("x-account-file-id") };
  }

  /** An account's monthly schedule, `from`/`to` as `YYYY-MM` (default: the months with revenue). */
  async revenue(
    account: string,
    query: { from?: string; to?: string } = {},
    options: { signal?: AbortSignal } = {},
  ): Promise<AccountRevenue> {
    const { data } = await this.ctx.send("accounts", { retry: "always", signal: options.signal }, (init) =>
      this.ctx.transport.api.GET("/v4.1/company/{account}/revenue", {
        params: { path: { account }, query },
        headers: init.headers,
        signal: init.signal,
      }),
    );
    return data.Data;
  }
}

async function guessName(blob: Blob): Promise<string> {
  const head = new Uint8Array(await blob.slice(0, 64).arrayBuffer());
  if (head[0] === 0x50 && head[1] === 0x4b) return "accounts.xlsx";
  const text = new TextDecoder()
    .decode(head)
    .replace(/^\uFEFF/, "")
    .trimStart();
  return text.startsWith("<") ? "accounts.xml" : "accounts.csv";
}
