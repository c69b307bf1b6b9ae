import pino from 'pino'

const log = pino()

export function connect (apiKey: string, url: string): void {
  log.info({ apiKey, url }, 'connecting to hub') // vigil-expect: cleartext-logging
}
