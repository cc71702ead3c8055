/** A progress bar screen readers announce: role=progressbar with aria-valuenow 0–100. */
export function Progress({ value, label }: { value: number; label: string }) {
  const v = Math.max(0, Math.min(100, Math.round(value)));
  return (
    <div
      class="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={v}
      aria-valuetext={`${v}%`}
    >
      <div class="progress-track">
        <div class="progress-fill" style={{ width: `${v}%` }} />
      </div>
      <span class="progress-text" aria-hidden="true">
        {v}%
      </span>
    </div>
  );
}
