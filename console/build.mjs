// Bundles the console (console/src) into dist/console: one minified script and one style sheet named by their
// content's hash, and the page that loads them. `npm run build` and `npm start` run it; the browser tests call it too.
import { build } from 'esbuild';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function buildConsole(out = join(ROOT, 'dist', 'console')) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, 'assets'), { recursive: true });
  const result = await build({
    entryPoints: [join(ROOT, 'console', 'src', 'main.tsx')],
    outdir: join(out, 'assets'),
    entryNames: 'console-[hash]',
    bundle: true,
    minify: true,
    format: 'esm',
    target: ['es2020'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const outputs = Object.keys(result.metafile.outputs).map((file) => basename(file));
  const script = outputs.find((name) => name.endsWith('.js'));
  const style = outputs.find((name) => name.endsWith('.css'));
  // No inline script or style: the page's CSP allows neither. The quick exit's address comes from the service.
  writeFileSync(
    join(out, 'index.html'),
    `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="referrer" content="no-referrer" />
    <meta name="ravot-exit-url" content="__EXIT_URL__" />
    <title>RAVOT console</title>
    <link rel="stylesheet" href="assets/${style}" />
  </head>
  <body>
    <div id="app"></div>
    <noscript>The RAVOT console needs JavaScript.</noscript>
    <script type="module" src="assets/${script}"></script>
  </body>
</html>
`,
  );
  return { folder: out, script, style };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildConsole();
