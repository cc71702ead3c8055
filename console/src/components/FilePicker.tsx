import { useId, useState } from "preact/hooks";

/**
 * A labelled file input (keyboard and screen readers) that is also a drop zone for a file
 * dragged from the desktop.
 */
export function FilePicker({
  label,
  accept,
  file,
  onFile,
  hint,
}: {
  label: string;
  accept: string;
  file: File | null;
  onFile: (f: File | null) => void;
  hint: string;
}) {
  const id = useId();
  const [over, setOver] = useState(false);
  return (
    // A group (fieldset) of the input, its label and hint; dropping a file on it is a shortcut
    // for the input, which keyboard and screen-reader users operate directly.
    <fieldset
      class={`dropzone${over ? " over" : ""}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const files = e.dataTransfer?.files;
        const dropped = files?.[0];
        if (!dropped || !files) return;
        // The input shows the dropped file too, so both ways of choosing look the same.
        const input = (e.currentTarget as HTMLElement).querySelector("input");
        if (input) input.files = files;
        onFile(dropped);
      }}
    >
      <label for={id}>{label}</label>
      <input
        id={id}
        type="file"
        accept={accept}
        aria-describedby={`${id}-hint`}
        onChange={(e) => onFile((e.currentTarget as HTMLInputElement).files?.[0] ?? null)}
      />
      <p id={`${id}-hint`} class="muted">
        {file ? `Selected: ${file.name} (${file.size.toLocaleString()} bytes)` : hint}
      </p>
    </fieldset>
  );
}
