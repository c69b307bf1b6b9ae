import { createCipheriv } from 'crypto'

export function legacyEncrypt (data: Buffer, key: Buffer): Buffer {
  const c = createCipheriv('des-ede3', key, null) // vigil-expect: weak-crypto
  const e = createCipheriv('aes-128-ecb', key.subarray(0, 16), null) // vigil-expect: weak-crypto
  return Buffer.concat([c.update(e.update(data)), c.final()])
}
