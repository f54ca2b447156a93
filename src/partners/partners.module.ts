import { Global, Module } from '@nestjs/common';
import { PartnerRegistry } from './partner-registry.js';
import { PartnersResolver } from './partners.resolver.js';

@Global()
@Module({
  providers: [{ provide: PartnerRegistry, useFactory: () => PartnerRegistry.load() }, PartnersResolver],
  exports: [PartnerRegistry],
})
export class PartnersModule {}
