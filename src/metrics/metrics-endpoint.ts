import type { NextFunction, Request, Response } from 'express';
import { hash, timingSafeEqual } from 'node:crypto';
import type { ServiceMetrics } from './service-metrics.js';

const digest = (secret: string) => hash('sha256', secret, 'buffer');

/**
 * Express middleware for GET /metrics, for a scraper that sends `Authorization: Bearer <METRICS_TOKEN>`. Both sides
 * are hashed before the comparison, so that it takes the same time whatever the length and content of a guess.
 * Anything but GET or HEAD on exactly /metrics goes on, to the 404 that every unknown path gets.
 */
export function metricsEndpoint(metricsToken: string, metrics: ServiceMetrics) {
  const expected = digest(`Bearer ${metricsToken}`);
  return (request: Request, response: Response, next: NextFunction): void => {
    if (request.path !== '/' || (request.method !== 'GET' && request.method !== 'HEAD')) return next();
    const presented = request.headers.authorization;
    if (!presented || !timingSafeEqual(digest(presented), expected)) {
      response
        .status(401)
        .set('WWW-Authenticate', 'Bearer realm="metrics"')
        .json({ statusCode: 401, message: 'The metrics token is required: send it as "Authorization: Bearer <METRICS_TOKEN>".' });
      return;
    }
    metrics.registry.metrics().then((text) => void response.status(200).type(metrics.registry.contentType).send(text), next);
  };
}
