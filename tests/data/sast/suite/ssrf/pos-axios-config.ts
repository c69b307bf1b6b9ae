import axios from 'axios'
import type { Request, Response } from 'express'

export async function fetchAvatar (req: Request, res: Response): Promise<void> {
  const { avatarUrl } = req.body
  const r = await axios({ method: 'get', url: avatarUrl, responseType: 'arraybuffer' }) // vigil-expect: ssrf
  res.type('png').send(r.data)
}
