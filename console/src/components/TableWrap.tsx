import type { ComponentChildren } from "preact";

/**
 * A box in which a wide table scrolls sideways (phones). It can take keyboard focus, so the
 * table can be scrolled without a mouse, and is named for screen readers.
 */
export function TableWrap({ label, children, id, hidden }: { label: string; children: ComponentChildren; id?: string; hidden?: boolean }) {
  return (
    <div class="table-wrap" role="region" aria-label={label} id={id} hidden={hidden}>
      {children}
    </div>
  );
}
