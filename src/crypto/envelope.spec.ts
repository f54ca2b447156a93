import { newDataKey, open, openJson, seal, sealJson } from './envelope.js';

describe('envelope encryption', () => {
  const key = newDataKey();

  it('round-trips a value and never leaves it in clear', () => {
    const sealed = sealJson(key, { familyName: 'Kovács' }, 'subject:1:IDENTITY');
    expect(sealed.toString('latin1')).not.toContain('Kov');
    expect(openJson(key, sealed, 'subject:1:IDENTITY')).toEqual({ familyName: 'Kovács' });
  });

  it('uses a fresh IV each time', () => {
    expect(seal(key, Buffer.from('same'), 'c').equals(seal(key, Buffer.from('same'), 'c'))).toBe(false);
  });

  it('refuses a ciphertext moved to another context', () => {
    const sealed = seal(key, Buffer.from('secret'), 'subject:1:HEALTH');
    expect(() => open(key, sealed, 'subject:2:HEALTH')).toThrow();
  });

  it('refuses the wrong key and a tampered ciphertext', () => {
    const sealed = seal(key, Buffer.from('secret'), 'c');
    expect(() => open(newDataKey(), sealed, 'c')).toThrow();
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1] ^= 1;
    expect(() => open(key, tampered, 'c')).toThrow();
  });
});
