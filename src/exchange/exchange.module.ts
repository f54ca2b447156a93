import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { PersonalDataModule } from '../personal-data/personal-data.module.js';
import { HsdsController } from './hsds/hsds.controller.js';
import { HsdsDirectoryService } from './hsds/hsds-directory.service.js';
import { ExportPseudonyms } from './htcds/export-pseudonyms.js';
import { HtcdsController } from './htcds/htcds.controller.js';
import { HtcdsExportService } from './htcds/htcds-export.service.js';

/** Exchange formats over plain HTTP: the HTCDS case export and the HSDS organisation directory. */
@Module({
  imports: [PersonalDataModule, AuthModule],
  controllers: [HtcdsController, HsdsController],
  providers: [HtcdsExportService, ExportPseudonyms, HsdsDirectoryService],
})
export class ExchangeModule {}
