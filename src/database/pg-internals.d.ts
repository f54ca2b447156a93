// The driver's own value serialiser (what pg applies to every parameter), which @types/pg does not declare.
declare module 'pg/lib/utils.js' {
  const utils: { prepareValue(value: unknown): unknown };
  export default utils;
}
