import { parse } from 'node:url';

/**
 * Apollo's Express integration reads every request's query string with Node's legacy `url.parse`. On Node 24, each
 * call from a dependency first checks, by walking the call stack, whether to warn that `url.parse` is deprecated
 * (DEP0169): the warning is for code outside node_modules and is given once, so a dependency's calls pay the check
 * on every request, for ever. Calling it once from here, with deprecation warnings held back for that call, uses
 * up the one warning silently and ends the check. The service's own code does not call `url.parse`; every other
 * deprecation warning is shown as before.
 */
export function settleUrlParseWarning(): void {
  const quiet = process.noDeprecation;
  process.noDeprecation = true;
  try {
    parse('/');
  } finally {
    process.noDeprecation = quiet;
  }
}
