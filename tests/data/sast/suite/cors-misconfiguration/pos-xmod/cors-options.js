module.exports = { origin: '*', credentials: true, methods: ['GET', 'PUT', 'POST'] } // vigil-expect: cors-misconfiguration
