import Router from '@koa/router'
import { Pool } from 'pg'

const pool = new Pool()
const router = new Router()

router.get('/transfers/:id', async (ctx) => {
  const id: string = ctx.params.id
  const result = await pool.query(`SELECT * FROM transfer WHERE transferId = ${id}`) // vigil-expect: sql-injection
  ctx.body = result.rows
})

export default router
