import type { ComponentChildren } from "preact";

/**
 * A box in which a wide table scrolls sideways (phones). It can take keyboard focus, so the
 * table can be scrolled without a mouse, and is named for screen readers.
 */
export function TableWrap({ label, children, id, hidden }: { label: string; children: ComponentChildren; id?: string; hidden?: boolean }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable to be scrolled by keyboard (axe scrollable-region-focusable)
    <div class="table-wrap" role="region" aria-label={label} id={id} hidden={hidden} tabIndex={0}>
      {children}
    </div>
  );
}
