import Koa from 'koa'
import cors from '@koa/cors'

const app = new Koa()
app.use(cors({ origin: '*', credentials: true })) // vigil-expect: cors-misconfiguration
export default app
