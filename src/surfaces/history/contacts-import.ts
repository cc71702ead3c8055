// `POST /v2/contacts/bulk` behind the HTTP edge: validate, merge repeats of one phone number,
// and upsert all contacts in one statement per ~512 KB of rows (one D1 transaction).
// An existing contact (same site and E.164 number) is updated: fields sent replace the stored
// ones, fields left out are kept, and custom_fields are merged key by key into the stored ones
// (RFC 7396 merge patch: a key sent as null is removed). `contacts_created` counts the contacts that did not exist before.
import { ISO_NOW_SQL } from "../../db/columns";
import { chunkJsonRows } from "../../db/json-rows";
import { type ContactError, type ValidContact, validateContact } from "./contact-record";

export type ContactsImportResult = {
  successCount: number;
  errorCount: number;
  contactsCreated: number;
  errors: ContactError[];
};

const UPSERT_CONTACTS = `
INSERT INTO contacts (id, site_id, phone_number, list_number, custom_fields, signup_date)
SELECT r.value ->> '$[0]', ?1, r.value ->> '$[1]', r.value ->> '$[2]', r.value ->> '$[3]', r.value ->> '$[4]'
FROM json_each(?2) AS r
WHERE true
ON CONFLICT (site_id, phone_number) DO UPDATE SET
  list_number = coalesce(excluded.list_number, contacts.list_number),
  custom_fields = CASE
    WHEN excluded.custom_fields IS NULL THEN contacts.custom_fields
    WHEN contacts.custom_fields IS NULL THEN excluded.custom_fields
    ELSE json_patch(contacts.custom_fields, excluded.custom_fields) END,
  signup_date = coalesce(excluded.signup_date, contacts.signup_date),
  updated_at = ${ISO_NOW_SQL}
RETURNING id`;

export async function importContacts(
  db: D1Database,
  siteId: string,
  contacts: readonly unknown[],
  options: { nowMs: number; newContactId: () => string; onSaveError?: (cause: unknown) => void },
): Promise<ContactsImportResult> {
  const errors: ContactError[] = [];
  // Repeats of one number in a request become one row: later values win, custom fields merge.
  const byPhone = new Map<string, { merged: ValidContact; members: { index: number; sent: unknown }[] }>();
  contacts.forEach((raw, index) => {
    const r = validateContact(raw, index, options.nowMs);
    if (!r.ok) return void errors.push(r.error);
    const member = { index, sent: (raw as Record<string, unknown>).phone_number };
    const seen = byPhone.get(r.contact.phoneNumber);
    if (!seen) return void byPhone.set(r.contact.phoneNumber, { merged: r.contact, members: [member] });
    seen.members.push(member);
    seen.merged = mergeContact(seen.merged, r.contact);
  });

  const groups = [...byPhone.values()];
  const rows = groups.map((g) => ({ id: options.newContactId(), contact: g.merged }));
  let created = 0;
  let saved = 0;
  if (rows.length > 0) {
    const chunks = chunkJsonRows(
      rows.map(({ id, contact: c }) => JSON.stringify([id, c.phoneNumber, c.listNumber, c.customFields, c.signupDate])),
    );
    try {
      const results = await db.batch<{ id: string }>(chunks.map((chunk) => db.prepare(UPSERT_CONTACTS).bind(siteId, chunk)));
      const returned = new Set(results.flatMap((r) => r.results.map((row) => row.id)));
      created = rows.filter((r) => returned.has(r.id)).length;
      saved = groups.reduce((n, g) => n + g.members.length, 0);
    } catch (cause) {
      options.onSaveError?.(cause);
      for (const { index, sent } of groups.flatMap((g) => g.members)) {
        errors.push({
          index,
          phone_number: sent,
          code: "save_error",
          error: `Contact ${index}: an unexpected error occurred while saving the contact; nothing was saved for it, retry it`,
        });
      }
    }
  }

  errors.sort((a, b) => a.index - b.index);
  return { successCount: saved, errorCount: errors.length, contactsCreated: created, errors };
}

function mergeContact(earlier: ValidContact, later: ValidContact): ValidContact {
  const customFields =
    earlier.customFields === null
      ? later.customFields
      : later.customFields === null
        ? earlier.customFields
        : JSON.stringify({ ...JSON.parse(earlier.customFields), ...JSON.parse(later.customFields) });
  return {
    index: earlier.index,
    phoneNumber: earlier.phoneNumber,
    listNumber: later.listNumber ?? earlier.listNumber,
    customFields,
    signupDate: later.signupDate ?? earlier.signupDate,
  };
}
