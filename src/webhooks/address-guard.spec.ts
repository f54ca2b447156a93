import { AddressPolicy, allowedList, checkWebhookUrl, guardedLookup, refusedAddress } from './address-guard.js';

const STRICT: AddressPolicy = { allowHttp: false, allowedNetworks: [] };

const resolve = (hostname: string, policy = STRICT) =>
  new Promise<{ code?: string; addresses?: unknown }>((done) =>
    guardedLookup(policy)(hostname, { all: true }, (error, addresses) => done(error ? { code: error.code } : { addresses })),
  );

describe('the webhook address guard', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.20.0.5',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    'fe80::1',
    'fd00::1',
    '::ffff:127.0.0.1',
  ])('refuses %s', (address) => {
    expect(refusedAddress(address, allowedList(STRICT))).not.toBeNull();
  });

  it.each(['93.184.215.14', '2606:4700::6810:84e5', '8.8.8.8'])('lets %s through', (address) => {
    expect(refusedAddress(address, allowedList(STRICT))).toBeNull();
  });

  it('lets through only the networks an operator allows', () => {
    const allowed = allowedList({ allowHttp: true, allowedNetworks: ['127.0.0.1/32'] });
    expect(refusedAddress('127.0.0.1', allowed)).toBeNull();
    expect(refusedAddress('127.0.0.2', allowed)).not.toBeNull();
  });

  it('refuses a name that resolves to a loopback address when connecting, not only when registering', async () => {
    expect(await resolve('localhost')).toEqual({ code: 'EREFUSED_ADDRESS' });
    expect(await resolve('localhost', { allowHttp: false, allowedNetworks: ['127.0.0.0/8', '::1/128'] })).toEqual({
      addresses: expect.arrayContaining([expect.objectContaining({ address: expect.stringMatching(/^(127\.|::1)/) })]),
    });
  });

  it('takes https only, unless an operator allows http', () => {
    expect(() => checkWebhookUrl('http://partner.example/hooks', STRICT)).toThrow('A webhook URL must use https.');
    expect(checkWebhookUrl('http://partner.example/hooks', { allowHttp: true, allowedNetworks: [] }).host).toBe('partner.example');
    expect(checkWebhookUrl('https://partner.example/hooks', STRICT).protocol).toBe('https:');
  });
});
