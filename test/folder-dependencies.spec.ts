import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');

/**
 * The folders of src/, lowest first: a folder imports only from folders before it, so that every rule has one home
 * and a change below never has to know what builds on it. Files directly in src/ compose the application and may
 * import anything; nothing imports them.
 */
const LAYERS = [
  'fast-path',
  'common',
  'config',
  'logging',
  'database',
  'metrics',
  'crypto',
  'auth',
  'graphql',
  'http',
  'console',
  'health',
  'audit',
  'organisations',
  'partners',
  'personal-data',
  'events',
  'webhooks',
  'subjects',
  'consents',
  'referrals',
  'follow-ups',
  'scheduler',
  'statistics',
  'meetings',
  'practices',
  'exchange',
  'demo',
];

/** Imports that still go the wrong way, each to be turned around; the list may only shrink. */
const KNOWN_WRONG_WAY = new Set<string>([]);

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Every import between two folders of src/, as 'from -> to' with the files that make it. */
function folderImports(): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const from = relative(SRC, file).split(sep);
    if (from.length === 1) continue;
    for (const [, target] of readFileSync(file, 'utf8').matchAll(/(?:import|export)\s[^;]*?from\s+'(\.{1,2}\/[^']+)'/g)) {
      const to = relative(SRC, normalize(join(dirname(file), target))).split(sep);
      const toFolder = to[0] === '..' ? null : to.length === 1 ? '(src)' : to[0];
      if (!toFolder || toFolder === from[0]) continue;
      const edge = `${from[0]} -> ${toFolder}`;
      edges.set(edge, [...(edges.get(edge) ?? []), relative(SRC, file)]);
    }
  }
  return edges;
}

describe('the folders of src/', () => {
  const edges = folderImports();

  it('are all placed in the layers', () => {
    const folders = new Set([...edges.keys()].flatMap((edge) => edge.split(' -> ')));
    expect([...folders].filter((folder) => !LAYERS.includes(folder)).sort()).toEqual([]);
  });

  it('import only from the layers below them', () => {
    const wrongWay = [...edges]
      .filter(([edge]) => {
        const [from, to] = edge.split(' -> ');
        return LAYERS.indexOf(to) >= LAYERS.indexOf(from) && !KNOWN_WRONG_WAY.has(edge);
      })
      .map(([edge, files]) => `${edge} (${[...new Set(files)].join(', ')})`);
    expect(wrongWay).toEqual([]);
  });

  it('list as known only imports that still go the wrong way', () => {
    expect([...KNOWN_WRONG_WAY].filter((edge) => !edges.has(edge))).toEqual([]);
  });
});
