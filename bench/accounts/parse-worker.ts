// The benchmark's baseline: the upload's work without storage, in the same runtime (workerd
// under `wrangler dev`). Receives the same multipart request, reads the file and expands every
// record's schedule, and answers like the real route. See ../accounts.mjs.
import { readAccountFile } from "../../src/formats/account-file";
import { revenueSchedule } from "../../src/formats/revenue-schedule";

export default {
  async fetch(request: Request): Promise<Response> {
    const form = await request.formData();
    const part = form.get("file");
    if (part === null || typeof part === "string") return new Response("no file", { status: 400 });
    const result = readAccountFile({ bytes: new Uint8Array(await part.arrayBuffer()), filename: part.name, currency: "USD" });
    if (!result.ok) return Response.json({ Data: false, Errors: result.errors }, { status: 400 });
    let months = 0;
    for (const record of result.records) months += revenueSchedule(record).length;
    return Response.json({ Data: { data: 1 }, months });
  },
} satisfies ExportedHandler;
