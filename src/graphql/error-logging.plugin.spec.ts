import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { QueryFailedError } from 'typeorm';
import { NotFoundError } from '../common/errors.js';
import { errorLoggingPlugin } from './error-logging.plugin.js';

/** What the plugin logs for the errors of one request, at which level. */
async function logged(...originals: Error[]) {
  const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  try {
    const errors = originals.map((original) => new GraphQLError(original.message, { originalError: original, path: ['createReferral'] }));
    const listener = await errorLoggingPlugin.requestDidStart!({} as never);
    await listener!.didEncounterErrors!({ errors, contextValue: { req: { id: 'request-1' } } } as never);
    return { warnings: warn.mock.calls.map(([entry]) => entry), errors: error.mock.calls.map(([entry]) => entry) };
  } finally {
    warn.mockRestore();
    error.mockRestore();
  }
}

const driverError = (code: string, message: string) =>
  new QueryFailedError('INSERT INTO subjects VALUES ($1)', ['Kovács'], Object.assign(new Error(message), { code }));

describe('errorLoggingPlugin', () => {
  it('logs a retryable failure (a dropped connection) as a warning with its code, without a stack or the driver message', async () => {
    const { warnings, errors } = await logged(
      new Error('Connection terminated unexpectedly'),
      driverError('57P01', 'terminating connection due to administrator command: Kovács'),
    );
    expect(errors).toEqual([]);
    expect(warnings).toEqual([
      expect.objectContaining({ requestId: 'request-1', error: 'Error', path: 'createReferral' }),
      expect.objectContaining({ requestId: 'request-1', error: 'QueryFailedError', databaseCode: '57P01' }),
    ]);
    for (const warning of warnings) expect(warning).not.toHaveProperty('stack');
    expect(JSON.stringify(warnings)).not.toMatch(/Kovács|terminat/);
  });

  it('logs a fault of the code as an error with its stack, and an answer to the client not at all', async () => {
    const { warnings, errors } = await logged(new TypeError('Cannot read properties of undefined'), new NotFoundError('Referral'));
    expect(warnings).toEqual([]);
    expect(errors).toEqual([expect.objectContaining({ error: 'TypeError', stack: expect.stringContaining('at ') })]);
  });
});
