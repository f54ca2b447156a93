import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { AppConfig } from '../../config/app-config.js';
import { Public } from '../../auth/decorators.js';
import { GRAPHIQL_ASSETS_PATH, PAGE_STYLE, START_SCRIPT } from './graphiql-page.js';

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';
const require = createRequire(import.meta.url);
/** A file of an installed package (the UMD builds are not among the packages' exports, their package.json is). */
const fileOf = (packageName: string, file: string) => () => join(dirname(require.resolve(`${packageName}/package.json`)), file);

/** The files GraphiQL's page loads, and nothing else: a fixed list, never a path taken from the request. */
const FILES: Record<string, { type: string; path?: () => string; text?: string }> = {
  'react.js': { type: JS, path: fileOf('react', 'umd/react.production.min.js') },
  'react-dom.js': { type: JS, path: fileOf('react-dom', 'umd/react-dom.production.min.js') },
  'graphiql.js': { type: JS, path: fileOf('graphiql', 'graphiql.min.js') },
  'graphiql.css': { type: CSS, path: fileOf('graphiql', 'graphiql.min.css') },
  'start.js': { type: JS, text: START_SCRIPT },
  'page.css': { type: CSS, text: PAGE_STYLE },
};

/** Serves GraphiQL's page files, outside production only (see graphiqlLandingPage). */
@Public()
@Controller(GRAPHIQL_ASSETS_PATH.slice(1))
export class GraphiqlController {
  constructor(private readonly config: AppConfig) {}

  @Get(':file')
  file(@Param('file') name: string, @Res() response: Response): void {
    const file = !this.config.isProduction && Object.hasOwn(FILES, name) ? FILES[name] : undefined;
    if (!file) throw new NotFoundException();
    response.type(file.type);
    if (file.text !== undefined) response.send(file.text);
    else response.sendFile(file.path!());
  }
}
