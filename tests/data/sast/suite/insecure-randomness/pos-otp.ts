export function generateOtp (): string {
  const otp = Math.floor(100000 + Math.random() * 900000) // vigil-expect: insecure-randomness
  return String(otp)
}
