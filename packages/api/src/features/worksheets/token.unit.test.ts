import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hmacSha256Base64url, signToken, verifyToken } from './token.ts';

describe('check code signature', () => {
  it('is HMAC-SHA256: the same bytes as createHmac, for short, long and non-ASCII keys and messages', () => {
    const secrets = [
      'bench-secret-0123456789',
      '',
      'x'.repeat(64), // exactly one block
      'y'.repeat(65), // longer than a block: hashed first
      '密钥'.repeat(20), // non-ASCII, 120 bytes
      randomBytes(32).toString('hex'),
    ];
    const messages = ['', 'QY1|1|2|3', '核实|é', 'm'.repeat(300), 'n'.repeat(5)];
    for (const secret of secrets) {
      // alternating long and short messages: the grown buffer must not leak into a shorter one
      for (const message of [...messages, ...[...messages].reverse()]) {
        expect(hmacSha256Base64url(secret, message), `${secret} / ${message}`).toBe(
          createHmac('sha256', secret).update(message).digest('base64url'),
        );
      }
    }
  });

  it('signs a token that verifies, and refuses it under another secret or with a changed field', () => {
    const token = signToken('secret-a', { exportId: 7, customerId: 123, version: 4 });
    expect(verifyToken('secret-a', token)).toEqual({
      ok: true,
      token: { exportId: 7, customerId: 123, version: 4 },
    });
    expect(verifyToken('secret-b', token)).toEqual({ ok: false, reason: 'tampered' });
    expect(verifyToken('secret-a', token.replace('.123.', '.124.'))).toEqual({
      ok: false,
      reason: 'tampered',
    });
  });
});
