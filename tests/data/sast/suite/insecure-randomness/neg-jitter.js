function backoff (attempt) {
  const jitter = Math.random() * 100
  return Math.min(30000, 2 ** attempt * 100 + jitter)
}

function pickPartition (partitions) {
  return partitions[Math.floor(Math.random() * partitions.length)]
}
module.exports = { backoff, pickPartition }
