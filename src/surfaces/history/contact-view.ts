// A stored contact as `GET /v2/contacts…` shows it: revenue_total in major units of the site's
// default currency, computed from the integer minor units.
import { minorUnitsToNumber } from "../../money";

export type ContactView = {
  id: string;
  phone_number: string;
  list_number: string | null;
  custom_fields: Record<string, unknown>;
  signup_date: string | null;
  revenue_total: number;
  conversion_count: number;
  last_revenue_at: string | null;
  created_at: string;
};

type ContactRow = {
  id: string;
  phone_number: string;
  list_number: string | null;
  custom_fields: string | null;
  signup_date: string | null;
  revenue_total_minor: number;
  conversion_count: number;
  last_revenue_at: string | null;
  created_at: string;
  currency: string;
};

const SELECT_CONTACT = `
SELECT c.id, c.phone_number, c.list_number, c.custom_fields, c.signup_date, c.revenue_total_minor,
       c.conversion_count, c.last_revenue_at, c.created_at, s.default_currency AS currency
FROM contacts AS c JOIN sites AS s ON s.id = c.site_id
WHERE c.site_id = ?1`;

/** One contact of the site, by id or by E.164 phone number; another site's contact is never found. */
export async function findContact(
  db: D1Database,
  siteId: string,
  by: { id: string } | { phoneNumber: string },
): Promise<ContactView | undefined> {
  const row =
    "id" in by
      ? await db.prepare(`${SELECT_CONTACT} AND c.id = ?2`).bind(siteId, by.id).first<ContactRow>()
      : await db.prepare(`${SELECT_CONTACT} AND c.phone_number = ?2`).bind(siteId, by.phoneNumber).first<ContactRow>();
  if (!row) return undefined;
  return {
    id: row.id,
    phone_number: row.phone_number,
    list_number: row.list_number,
    custom_fields: row.custom_fields ? (JSON.parse(row.custom_fields) as Record<string, unknown>) : {},
    signup_date: row.signup_date,
    revenue_total: minorUnitsToNumber(row.revenue_total_minor, row.currency),
    conversion_count: row.conversion_count,
    last_revenue_at: row.last_revenue_at,
    created_at: row.created_at,
  };
}
