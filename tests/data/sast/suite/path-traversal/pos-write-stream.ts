import { createWriteStream } from 'fs'
import path from 'path'
import type { Request, Response } from 'express'

export function upload (req: Request, res: Response): void {
  const dest = path.resolve('/var/data', String(req.headers['x-file-name']))
  req.pipe(createWriteStream(dest)) // vigil-expect: path-traversal
  res.status(201).end()
}
