const express = require('express')
const cors = require('cors')
const corsOptions = require('./cors-options')

const app = express()
app.use(cors(corsOptions))
module.exports = app
