import serialize from 'node-serialize'
import type { Request, Response } from 'express'

export function restore (req: Request, res: Response): void {
  const { state } = req.body
  const obj = serialize.unserialize(state) // vigil-expect: unsafe-deserialization
  res.json(obj)
}
