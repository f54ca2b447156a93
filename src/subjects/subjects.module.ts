import { Module } from '@nestjs/common';
import { PersonalDataModule } from '../personal-data/personal-data.module.js';
import { SubjectErased } from './subject-erased.js';
import { SubjectsResolver } from './subjects.resolver.js';
import { SubjectsService } from './subjects.service.js';

/** The people an organisation registers (pseudonymous; their data behind the personal-data door), and erasure. */
@Module({
  imports: [PersonalDataModule],
  providers: [SubjectsService, SubjectsResolver, SubjectErased],
  exports: [SubjectsService, SubjectErased],
})
export class SubjectsModule {}
