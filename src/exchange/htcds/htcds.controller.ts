import { Controller, Get, Header, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Actor } from '../../auth/actor.js';
import { CostBudgets } from '../../auth/cost-budgets.js';
import { CurrentActor, Roles } from '../../auth/decorators.js';
import { Role } from '../../auth/role.js';
import { PageRequest, pageRequestOf } from '../page-request.js';
import { toCsv } from './csv.js';
import { HTCDS_COLUMNS } from './htcds-case.js';
import { CasePage, HtcdsExportService } from './htcds-export.service.js';

export const DEFAULT_CASES_PER_PAGE = 500;
export const MAX_CASES_PER_PAGE = 1000;

/**
 * The caller's organisation's cases in HTCDS v2 field names, for its own case management system or a report to IOM.
 * Cases name people, so only case workers export them, as only they read referrals in the API.
 *
 * Paged (`page`, `per_page`) and charged to the token's and the organisation's cost budgets like a GraphQL query of
 * as many fields, before any SQL: each case is decrypted, and an export of everything at once would hold the
 * service for as long as the organisation has cases.
 */
@Controller('exports')
@Roles(Role.CASE_WORKER)
export class HtcdsController {
  constructor(
    private readonly exports: HtcdsExportService,
    private readonly budgets: CostBudgets,
  ) {}

  @Get('htcds.json')
  @Header('Content-Disposition', 'attachment; filename="htcds-cases.json"')
  async json(
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @Query('page') page?: string,
    @Query('per_page') perPage?: string,
  ) {
    const asked = this.charged(actor, page, perPage);
    const { cases, totalCases } = await this.pageOf(actor, 'json', asked, request, response);
    return {
      standard: 'HTCDS',
      standardVersion: '2.0',
      exportedAt: new Date().toISOString(),
      page: asked.page,
      perPage: asked.perPage,
      totalCases,
      totalPages: Math.ceil(totalCases / asked.perPage),
      cases,
    };
  }

  @Get('htcds.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="htcds-cases.csv"')
  async csv(
    @CurrentActor() actor: Actor,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
    @Query('page') page?: string,
    @Query('per_page') perPage?: string,
  ): Promise<string> {
    const { cases } = await this.pageOf(actor, 'csv', this.charged(actor, page, perPage), request, response);
    return toCsv(HTCDS_COLUMNS, cases);
  }

  /** The page asked for, once its cost (a field per column and case) is charged. */
  private charged(actor: Actor, page: string | undefined, perPage: string | undefined): PageRequest {
    const asked = pageRequestOf(page, perPage, DEFAULT_CASES_PER_PAGE, MAX_CASES_PER_PAGE);
    this.budgets.charge(actor, asked.perPage * HTCDS_COLUMNS.length);
    return asked;
  }

  /** One page, with its count in `X-Total-Count` and the next page in a `Link` header (RFC 8288), as CSV has no room for them. */
  private async pageOf(actor: Actor, format: 'json' | 'csv', asked: PageRequest, request: Request, response: Response): Promise<CasePage> {
    const found = await this.exports.export(actor, format, asked);
    response.setHeader('X-Total-Count', String(found.totalCases));
    if (asked.page * asked.perPage < found.totalCases) {
      response.setHeader('Link', `<${request.path}?page=${asked.page + 1}&per_page=${asked.perPage}>; rel="next"`);
    }
    return found;
  }
}
