import type { ComponentChildren } from "preact";
import { useId, useState } from "preact/hooks";
import { TableWrap } from "./TableWrap";

/** A chart with its numbers in a table behind a toggle; the table is what screen readers use. */
export function ChartBlock({ title, chart, table }: { title: string; chart: ComponentChildren; table: ComponentChildren }) {
  const [showTable, setShowTable] = useState(false);
  const id = useId();
  return (
    <section class="card" aria-labelledby={`${id}-title`}>
      <div class="card-head">
        <h3 id={`${id}-title`}>{title}</h3>
        <button
          type="button"
          class="secondary"
          aria-expanded={showTable}
          aria-controls={`${id}-table`}
          onClick={() => setShowTable(!showTable)}
        >
          {showTable ? "Show chart" : "Show data table"}
        </button>
      </div>
      <div hidden={showTable}>{chart}</div>
      <TableWrap id={`${id}-table`} hidden={!showTable} label={`${title}, data table`}>
        {table}
      </TableWrap>
    </section>
  );
}
