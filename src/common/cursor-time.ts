/**
 * Timestamps travel in cursors as UTC ISO 8601 text to the microsecond, as
 * PostgreSQL keeps them: a JavaScript Date would keep milliseconds only, and a
 * keyset position must be exact. Format with `to_char(column AT TIME ZONE 'UTC', format)`.
 */
export const CURSOR_TIME_FORMAT = 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"';
