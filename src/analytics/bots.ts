import { isbot } from "isbot";

/**
 * Crawlers, monitors, headless browsers and HTTP tools, by User-Agent (the `isbot` list, which
 * is kept up to date by its maintainers). Their events are stored marked `is_bot` and never
 * counted. An absent User-Agent is not taken for a bot.
 */
export function isBotUserAgent(userAgent: string | undefined): boolean {
  return Boolean(userAgent) && isbot(userAgent);
}
