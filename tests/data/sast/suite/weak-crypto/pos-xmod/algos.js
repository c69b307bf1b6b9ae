module.exports = { DIGEST: 'md5', CIPHER: 'rc4' }
