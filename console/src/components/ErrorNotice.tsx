import { explain } from "../errors";

/** Any failure as a readable sentence, with the request id to quote; never a JSON dump. */
export function ErrorNotice({ error }: { error: unknown }) {
  if (!error) return null;
  const { message, requestId } = explain(error);
  return (
    <div class="notice error" role="alert">
      <p>{message}</p>
      {requestId ? (
        <p class="muted">
          Request id: <code>{requestId}</code>
        </p>
      ) : null}
    </div>
  );
}
