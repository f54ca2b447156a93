import { Module } from '@nestjs/common';
import { LoaderFactory } from './loader.factory.js';

@Module({ providers: [LoaderFactory], exports: [LoaderFactory] })
export class RequestLoadersModule {}
