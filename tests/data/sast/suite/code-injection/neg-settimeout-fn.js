module.exports.delayed = (request, h) => {
  const ms = parseInt(request.query.ms, 10) || 100
  setTimeout(() => console.log('done'), ms)
  const fn = new Function('a', 'b', 'return a + b')
  return h.response({ r: fn(1, 2) })
}
