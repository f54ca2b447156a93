import { Controller, Get, Header } from '@nestjs/common';
import type { Actor } from '../../auth/actor.js';
import { CurrentActor, Roles } from '../../auth/decorators.js';
import { Role } from '../../auth/role.js';
import { toCsv } from './csv.js';
import { HTCDS_COLUMNS } from './htcds-case.js';
import { HtcdsExportService } from './htcds-export.service.js';

/**
 * The caller's organisation's cases in HTCDS v2 field names, for its own case management system or a report to IOM.
 * Cases name people, so only case workers export them, as only they read referrals in the API.
 */
@Controller('exports')
@Roles(Role.CASE_WORKER)
export class HtcdsController {
  constructor(private readonly exports: HtcdsExportService) {}

  @Get('htcds.json')
  @Header('Content-Disposition', 'attachment; filename="htcds-cases.json"')
  async json(@CurrentActor() actor: Actor) {
    const cases = await this.exports.export(actor, 'json');
    return { standard: 'HTCDS', standardVersion: '2.0', exportedAt: new Date().toISOString(), cases };
  }

  @Get('htcds.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="htcds-cases.csv"')
  async csv(@CurrentActor() actor: Actor): Promise<string> {
    return toCsv(HTCDS_COLUMNS, await this.exports.export(actor, 'csv'));
  }
}
