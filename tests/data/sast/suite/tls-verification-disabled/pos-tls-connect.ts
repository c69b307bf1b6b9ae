import tls from 'tls'

export function probe (host: string): tls.TLSSocket {
  const options: tls.ConnectionOptions = { host, port: 443, rejectUnauthorized: false } // vigil-expect: tls-verification-disabled
  return tls.connect(options)
}
