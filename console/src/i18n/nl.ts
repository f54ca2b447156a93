export const NL: Record<string, string> = {};
