export const GENERATED_FILE: URL;
export function renderOpenApiTypes(document: Record<string, unknown>): Promise<string>;
