const http = require('http')
const url = require('url')

function page (title) {
  return '<html><head><title>' + title + '</title></head></html>'
}

http.createServer((req, res) => {
  const { query } = url.parse(req.url, true)
  res.setHeader('Content-Type', 'text/html')
  res.end(page(query.title)) // vigil-expect: xss
}).listen(8080)
