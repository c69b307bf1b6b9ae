const http = require('http')

http.createServer((req, res) => {
  const u = new URL(req.url, 'http://localhost')
  res.writeHead(302, { Location: u.searchParams.get('next') }) // vigil-expect: open-redirect
  res.end()
}).listen(3000)
