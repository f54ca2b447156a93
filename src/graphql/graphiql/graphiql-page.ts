import type { ApolloServerPlugin } from '@apollo/server';
import { GRAPHIQL_EXAMPLES } from './examples.js';

/** Where the page's own files are served from (GraphiqlController). */
export const GRAPHIQL_ASSETS_PATH = '/graphiql';

const HEADERS_TEMPLATE = '{\n  "Authorization": "Bearer <your token>"\n}';

/** The script that starts GraphiQL: a file of its own, because the page's CSP allows no inline script. */
export const START_SCRIPT = `'use strict';
// Kept in memory only: queries, headers (the token) and answers (personal data) leave no trace in the browser.
const memory = new Map();
const storage = {
  getItem: (key) => (memory.has(key) ? memory.get(key) : null),
  setItem: (key, value) => void memory.set(key, String(value)),
  removeItem: (key) => void memory.delete(key),
  clear: () => memory.clear(),
  get length() { return memory.size; },
};
ReactDOM.createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, {
    fetcher: GraphiQL.createFetcher({ url: '/graphql' }),
    storage,
    shouldPersistHeaders: false,
    defaultEditorToolsVisibility: 'headers',
    // One tab per example of the API guide, each with the header template (GraphiQL keeps headers per tab).
    defaultTabs: ${JSON.stringify(GRAPHIQL_EXAMPLES.map((query) => ({ query, headers: HEADERS_TEMPLATE })))},
    defaultHeaders: ${JSON.stringify(HEADERS_TEMPLATE)},
  }),
);
`;

export const PAGE_STYLE = `body { margin: 0; height: 100vh; overflow: hidden; } #graphiql { height: 100vh; }`;

const PAGE = `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>RAVOT referral service: GraphiQL</title>
    <link rel="stylesheet" href="${GRAPHIQL_ASSETS_PATH}/graphiql.css" />
    <link rel="stylesheet" href="${GRAPHIQL_ASSETS_PATH}/page.css" />
  </head>
  <body>
    <div id="graphiql">Loading GraphiQL…</div>
    <script src="${GRAPHIQL_ASSETS_PATH}/react.js"></script>
    <script src="${GRAPHIQL_ASSETS_PATH}/react-dom.js"></script>
    <script src="${GRAPHIQL_ASSETS_PATH}/graphiql.js"></script>
    <script src="${GRAPHIQL_ASSETS_PATH}/start.js"></script>
  </body>
</html>
`;

/**
 * GraphiQL at /graphql in a browser, outside production, from the service's own dependencies: Nest's built-in page
 * loads React and GraphiQL from a CDN and shows "Loading..." for ever on a machine without internet.
 */
export function graphiqlLandingPage(): ApolloServerPlugin {
  return {
    async serverWillStart() {
      return {
        async renderLandingPage() {
          return { html: PAGE };
        },
      };
    },
  };
}
