import AdmZip from 'adm-zip'
import { promises as fsp } from 'fs'
import path from 'path'

export async function unpack (buf: Buffer, dest: string): Promise<number> {
  const entries = new AdmZip(buf).getEntries()
  for (const { entryName, getData } of entries) {
    await fsp.writeFile(path.resolve(dest, entryName), getData()) // vigil-expect: zip-slip
  }
  return entries.length
}
