export const HU: Record<string, string> = {};
