import type { ComponentChildren } from "preact";

/**
 * A box in which a wide table scrolls sideways (phones). It can take keyboard focus, so the
 * table can be scrolled without a mouse, and is a region named for screen readers (a labelled
 * `<section>`).
 */
export function TableWrap({ label, children, id, hidden }: { label: string; children: ComponentChildren; id?: string; hidden?: boolean }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable to be scrolled by keyboard (axe scrollable-region-focusable)
    <section class="table-wrap" aria-label={label} id={id} hidden={hidden} tabIndex={0}>
      {children}
    </section>
  );
}
