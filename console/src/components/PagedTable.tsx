import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { count } from "../format";
import { TableWrap } from "./TableWrap";

export type Column<T> = { header: string; cell: (row: T) => ComponentChildren };

/** A table of every row given, shown a page at a time (e.g. all row errors of a refused file). */
export function PagedTable<T>({
  caption,
  rows,
  columns,
  pageSize = 25,
}: {
  caption: string;
  rows: T[];
  columns: Column<T>[];
  pageSize?: number;
}) {
  const [page, setPage] = useState(0);
  useEffect(() => setPage(0), [rows]);
  const pages = Math.max(1, Math.ceil(rows.length / pageSize));
  const shown = rows.slice(page * pageSize, (page + 1) * pageSize);
  return (
    <div>
      <TableWrap label={caption}>
        <table>
          <caption>{caption}</caption>
          <thead>
            <tr>
              {columns.map((c) => (
                <th scope="col">{c.header}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <tr>
                {columns.map((c) => (
                  <td>{c.cell(row)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {pages > 1 ? (
        <nav class="pager" aria-label={`${caption} pages`}>
          <button type="button" class="secondary" disabled={page === 0} onClick={() => setPage(page - 1)}>
            Previous page
          </button>
          <span aria-live="polite">
            Rows {count(page * pageSize + 1)}–{count(page * pageSize + shown.length)} of {count(rows.length)} (page {page + 1} of {pages})
          </span>
          <button type="button" class="secondary" disabled={page >= pages - 1} onClick={() => setPage(page + 1)}>
            Next page
          </button>
        </nav>
      ) : null}
    </div>
  );
}
