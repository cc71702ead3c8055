import type { Surface } from "../../http/surface";
import { consumeEvents } from "./consumer";
import { renderEventsError } from "./errors";
import { registerIngest } from "./ingest";
import { EVENTS_QUEUE } from "./queue-messages";

/** Single events from websites and servers, queued (Pulsora-compatible, contract §3). */
export const eventsSurface: Surface = {
  name: "events",
  basePaths: [""],
  owns: (path) => /^\/api\/ingest\/?$/.test(path),
  register: registerIngest,
  renderError: renderEventsError,
  queues: { [EVENTS_QUEUE]: consumeEvents },
};
