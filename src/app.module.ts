import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { ENTITIES } from './entities.js';
import { AllExceptionsFilter } from './graphql/exception.filter.js';
import { graphqlOptions } from './graphql/graphql.options.js';
import { HealthController } from './health/health.controller.js';
import { AppLogger } from './logging/app-logger.js';
import { MeetingsModule } from './meetings/meetings.module.js';
import { OrganisationsModule } from './organisations/organisations.module.js';
import { PartnersModule } from './partners/partners.module.js';
import { LoaderFactory } from './graphql/loader.factory.js';
import { RequestLoadersModule } from './graphql/request-loaders.module.js';
import { PracticesModule } from './practices/practices.module.js';
import { ReferralsModule } from './referrals/referrals.module.js';
import { SubjectsModule } from './subjects/subjects.module.js';
import { ConsentsModule } from './consents/consents.module.js';
import { FollowUpsModule } from './follow-ups/follow-ups.module.js';
import { PersonalDataModule } from './personal-data/personal-data.module.js';
import { StatisticsModule } from './statistics/statistics.module.js';

/** The domain modules, shared by the HTTP service and the command line. */
export const DOMAIN_MODULES = [
  ConfigModule,
  DatabaseModule.forRoot(ENTITIES),
  AuditModule,
  OrganisationsModule,
  PartnersModule,
  PersonalDataModule,
  SubjectsModule,
  ConsentsModule,
  ReferralsModule,
  FollowUpsModule,
  MeetingsModule,
  PracticesModule,
  StatisticsModule,
];

@Module({
  imports: [
    ...DOMAIN_MODULES,
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      imports: [RequestLoadersModule],
      inject: [AppConfig, LoaderFactory],
      useFactory: graphqlOptions,
    }),
    AuthModule,
  ],
  controllers: [HealthController],
  providers: [
    { provide: APP_FILTER, useClass: AllExceptionsFilter },
    { provide: AppLogger, inject: [AppConfig], useFactory: (config: AppConfig) => new AppLogger(config.LOG_LEVEL) },
  ],
})
export class AppModule {}
