export const root: string;
export const TEST_ADMIN_TOKEN: string;
export function startLocalWorker(options: {
  port: number;
  inspectorPort: number;
  vars?: Record<string, string>;
}): Promise<{ url: string; adminToken: string; logFile: string; stop: () => Promise<void> }>;
