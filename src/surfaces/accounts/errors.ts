import type { ErrorRenderer } from "../../http/surface";
import { respond } from "./respond";
import type { XmlValue } from "./xml-body";

/** CustomerGauge's error body: `{"Data": false, "Errors": [...]}`, the same content as XML on `.xml` paths. */
export const renderAccountsError: ErrorRenderer = (c, err) =>
  respond(
    c,
    {
      Data: false,
      Errors: Array.isArray(err.details) ? (err.details as XmlValue[]) : [{ record: null, field: null, message: err.message }],
    },
    err.status,
  );
