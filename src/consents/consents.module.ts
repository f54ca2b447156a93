import { Module } from '@nestjs/common';
import { PersonalDataModule } from '../personal-data/personal-data.module.js';
import { SubjectsModule } from '../subjects/subjects.module.js';
import { ConsentsEnded } from './consents-ended.js';
import { ConsentsResolver } from './consents.resolver.js';
import { ConsentsService } from './consents.service.js';
import { SubjectConsentsResolver } from './subject-consents.resolver.js';

/** A person's consents: to whom, for what and which data; withdrawn at any time, and ended by erasure. */
@Module({
  imports: [PersonalDataModule, SubjectsModule],
  providers: [ConsentsService, ConsentsResolver, SubjectConsentsResolver, ConsentsEnded],
  exports: [ConsentsService, ConsentsEnded],
})
export class ConsentsModule {}
