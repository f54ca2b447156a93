import { Injectable, Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { AuthenticatedRequest } from '../auth/request-of.js';
import { TenantDatabase } from '../database/tenant-database.js';
import { RequestLoaders } from './request-loaders.js';

/** Makes each request's loaders, and finds the services domain loaders batch into. */
@Injectable()
export class LoaderFactory {
  private readonly services = new Map<Type<unknown>, unknown>();

  constructor(
    readonly tenants: TenantDatabase,
    private readonly moduleRef: ModuleRef,
  ) {}

  create(request: AuthenticatedRequest): RequestLoaders {
    return new RequestLoaders(this, request);
  }

  /** An application service by its class, wherever it is provided (looked up once). */
  service<T>(type: Type<T>): T {
    const found = this.services.get(type) as T | undefined;
    if (found) return found;
    const service = this.moduleRef.get(type, { strict: false });
    this.services.set(type, service);
    return service;
  }
}
