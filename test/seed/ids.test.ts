import { describe, expect, it } from 'vitest';
import { derivedId, isGuid, nameUuid } from '../../src/seed/ids.js';

describe('nameUuid (RFC 4122 §4.3, version 5)', () => {
  it('matches the reference vector', () => {
    // Python: uuid.uuid5(uuid.NAMESPACE_DNS, 'python.org')
    expect(nameUuid('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'python.org')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });

  it('sets the version and variant bits and is stable', () => {
    const id = derivedId.user('8eaef023-2b34-4da1-9baa-8bc8c9d6a490', 'Alice@Entrada.localhost');
    expect(isGuid(id)).toBe(true);
    expect(id[14]).toBe('5');
    expect('89ab').toContain(id[19]);
    expect(id).toBe(derivedId.user('8eaef023-2b34-4da1-9baa-8bc8c9d6a490', 'alice@entrada.localhost'));
    expect(id).not.toBe(derivedId.user('11111111-1111-4111-8111-111111111111', 'alice@entrada.localhost'));
  });

  it('refuses a namespace that is not a GUID', () => {
    expect(() => nameUuid('tenant', 'x')).toThrow(TypeError);
  });
});
