import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { createTenant } from "../support/fixtures";
import { accessToken, accountRevenue, createOAuthClient, csvOf, getRevenue, upload } from "./support/accounts-api";

describe("account revenue files: security", () => {
  it("another site's credentials cannot read or change this site's accounts", async () => {
    const a = await createTenant();
    const b = await createTenant();
    await upload(`api_key ${a.secret}`, csvOf("Acme,12000,2016-01-01,2016-12-31,ARR"), "a.csv");

    // B's secret token and B's OAuth access token see no account named Acme.
    const bAccess = await accessToken(await createOAuthClient(b.site.id));
    for (const auth of [`api_key ${b.secret}`, `Bearer ${bAccess}`]) {
      expect((await getRevenue(auth, "Acme")).status).toBe(404);
    }
    // B uploading an account of the same name creates B's own account; A's is untouched.
    await upload(`Bearer ${bAccess}`, csvOf("ACME,1,2016-01-01,2016-12-31,ARR"), "b.csv");
    expect((await accountRevenue(`api_key ${a.secret}`, "acme")).total).toBe("12000.00");
    expect((await accountRevenue(`api_key ${b.secret}`, "acme")).account).toBe("ACME");
  });

  it("refuses a zip bomb upload with a clear 400, and the Worker keeps serving", async () => {
    const t = await createTenant();
    const sheet = `<worksheet><sheetData>${" ".repeat(30 * 1024 * 1024)}</sheetData></worksheet>`;
    const bomb = zipSync({
      "xl/workbook.xml": strToU8(`<workbook><sheets><sheet r:id="rId1" xmlns:r="r"/></sheets></workbook>`),
      "xl/worksheets/sheet1.xml": strToU8(sheet),
    });
    const res = await upload(`api_key ${t.secret}`, bomb, "bomb.xlsx");
    expect(res.status).toBe(400);
    const body = (await res.json()) as { Errors: Array<{ message: string }> };
    expect(body.Errors[0]?.message).toContain("unpacks to more than");
    expect((await upload(`api_key ${t.secret}`, csvOf("Acme,1,2016-01-01,2016-01-31,MRR"), "ok.csv")).status).toBe(200);
  });

  it("refuses an entity-expansion XML upload", async () => {
    const t = await createTenant();
    const xml = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><r><x>&b;</x><y>1</y><z>2016-01-01</z><w>2016-01-31</w><v>MRR</v></r>`;
    const res = await upload(`api_key ${t.secret}`, xml, "lol.xml");
    expect(res.status).toBe(400);
    expect(((await res.json()) as { Errors: Array<{ message: string }> }).Errors[0]?.message).toContain("DOCTYPE");
  });

  it("never echoes markup from a file into an XML response unescaped", async () => {
    const t = await createTenant();
    const res = await upload(
      `api_key ${t.secret}`,
      csvOf("Account,Amount,Start,End,Type", "Acme,12</message><x>,2016-01-01,2016-01-31,MRR"),
      "r.csv",
      "xml",
    );
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toContain("12&lt;/message&gt;&lt;x&gt;");
    expect(text).not.toContain("<x>");
  });
});
